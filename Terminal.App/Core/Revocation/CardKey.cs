namespace Terminal.Core.Revocation
{
    /// <summary>
    /// The one mapping from a card instance to the key the revocation list stores: permitNumber × 16 + generation.
    /// A permit number is shown as 12 zero-padded decimal digits (so it is below 10^12, which is below 2^40); the card
    /// generation (0..15) goes up with every 补领/换领 (第十二条), so an old generation can be revoked on its own.
    /// </summary>
    public static class CardKey
    {
        public const int GenerationBits = 4;

        public const int MaxGeneration = 15;

        /// <summary>Largest permit number (12 decimal digits).</summary>
        public const ulong MaxPermitNumber = 999999999999UL;

        /// <summary>Every card key is below this; also the largest universe a revocation list may declare.</summary>
        public const ulong Limit = (MaxPermitNumber + 1) << GenerationBits;

        public static bool IsValid(ulong permitNumber, int generation)
        {
            return permitNumber <= MaxPermitNumber && generation >= 0 && generation <= MaxGeneration;
        }

        /// <summary>The key of a card instance; the caller must have checked <see cref="IsValid"/>.</summary>
        public static ulong From(ulong permitNumber, int generation)
        {
            return (permitNumber << GenerationBits) | (uint)generation;
        }

        public static ulong PermitNumberOf(ulong cardKey)
        {
            return cardKey >> GenerationBits;
        }

        public static int GenerationOf(ulong cardKey)
        {
            return (int)(cardKey & MaxGeneration);
        }

        /// <summary>The permit number as printed: 12 digits, zero-padded.</summary>
        public static string FormatPermitNumber(ulong permitNumber)
        {
            char[] digits = new char[12];
            for (int i = 11; i >= 0; i--)
            {
                digits[i] = (char)('0' + (int)(permitNumber % 10));
                permitNumber /= 10;
            }

            return new string(digits);
        }

        /// <summary>Parses 1..12 decimal digits; false for anything else.</summary>
        public static bool TryParsePermitNumber(string text, out ulong permitNumber)
        {
            permitNumber = 0;
            if (text == null || text.Length == 0 || text.Length > 12)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                permitNumber = permitNumber * 10 + (ulong)(c - '0');
            }

            return true;
        }
    }
}
