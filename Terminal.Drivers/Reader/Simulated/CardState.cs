namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>ISO/IEC 14443-3 type A card states (plus MIFARE Classic's authenticated sub-state of ACTIVE).</summary>
    public enum CardState
    {
        /// <summary>Out of the field: no power.</summary>
        PowerOff = 0,

        /// <summary>Powered, answers REQA and WUPA.</summary>
        Idle = 1,

        /// <summary>Answered REQA/WUPA, waits for anticollision and SELECT.</summary>
        Ready = 2,

        /// <summary>Selected: takes memory commands.</summary>
        Active = 3,

        /// <summary>Selected and authenticated to one sector; every frame is Crypto1-encrypted.</summary>
        Authenticated = 4,

        /// <summary>Halted by HLTA: answers only WUPA (which this reader never sends), so it stays silent until it leaves the field.</summary>
        Halt = 5,
    }
}
