namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>What a simulated card answers to one command.</summary>
    public enum CardResponse
    {
        Ok = 0,

        /// <summary>A 4-bit NAK: the command was understood and refused. The card drops to IDLE.</summary>
        Nak = 1,

        /// <summary>Silence (wrong key, wrong state, not in the field): the reader waits for its timeout.</summary>
        NoResponse = 2,
    }
}
