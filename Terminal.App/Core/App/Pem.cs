namespace Terminal.Core.App
{
    /// <summary>PEM armour (RFC 7468) around DER bytes: the configuration carries the CA as DER, the MQTT transports take PEM.</summary>
    public static class Pem
    {
        public static byte[] Encode(string label, byte[] der)
        {
            string base64 = System.Convert.ToBase64String(der);
            string header = string.Concat("-----BEGIN ", label, "-----\n");
            string footer = string.Concat("-----END ", label, "-----\n");
            int lines = (base64.Length + 63) / 64;
            byte[] pem = new byte[header.Length + base64.Length + lines + footer.Length];
            int at = Copy(header, pem, 0);
            for (int i = 0; i < base64.Length; i += 64)
            {
                int end = i + 64 < base64.Length ? i + 64 : base64.Length;
                for (int j = i; j < end; j++)
                {
                    pem[at++] = (byte)base64[j];
                }

                pem[at++] = (byte)'\n';
            }

            Copy(footer, pem, at);
            return pem;
        }

        private static int Copy(string ascii, byte[] into, int at)
        {
            for (int i = 0; i < ascii.Length; i++)
            {
                into[at++] = (byte)ascii[i];
            }

            return at;
        }
    }
}
