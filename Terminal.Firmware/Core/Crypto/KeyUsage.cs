namespace Terminal.Core.Crypto
{
    /// <summary>What a trusted key may sign. A key is trusted for exactly one usage, so a card-issuing key can never sign a list.</summary>
    public enum KeyUsage : byte
    {
        CardIssuer = 1,
        ListSigner = 2,
        FirmwareSigner = 3,
        /// <summary>Signs configurations pushed over MQTT (Core/Configuration/SignedConfiguration).</summary>
        ConfigSigner = 4,
    }
}
