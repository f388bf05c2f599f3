namespace Terminal.Tools.Simulation;

/// <summary>
/// What the real nanoFramework interpreter measured (issue #18), and the one assumption that carries it to a board.
/// Measured on nf-interpreter's Linux build (targets/posix, Release) on one core of this project's x86-64 machines by
/// <c>build/nanoclr/nanoclr.sh measure</c> (medians of 5 runs; the RESULT line and commit are in hardware/budget.md):
/// every figure below is an interpreter measurement, not a model. <see cref="TapCostModel"/> runs at
/// <see cref="Esp32IlPerSecond"/>, and the <c>tap</c> benchmark prints the model beside these measurements.
/// </summary>
public static class InterpreterCalibration
{
    /// <summary>The IL kernel (a small static call with a 64-bit multiply, 25 IL per iteration): IL instructions per second on x86.</summary>
    public const long X86IlPerSecond = 273_999_074;

    /// <summary>One 10×10-limb field multiplication (Field25519.Multiply), µs on x86.</summary>
    public const double X86FieldMultiplicationUs = 2.4;

    /// <summary>One Ed25519 verification with an expanded key (the tier-2 check's signature), ms on x86.</summary>
    public const double X86Tier2Ms = 2;

    /// <summary>One lookup in the embedded 200-entry signed list (RevocationListTests' list), µs on x86.</summary>
    public const double X86ListLookupUs = 48.4;

    /// <summary>
    /// A valid permit's tap on the whole terminal (Terminal.Posix, median over the demo's valid cards), from the poll
    /// that found the card to its first indication: the tier-1 path the clerk waits for (core-record read, tier 1, list
    /// lookup, rules), plus managed work the board does not do (the simulated RC522 under the real reader driver, the
    /// managed HMAC stand-in for the native one); the simulated RF costs nothing. ms on x86.
    /// </summary>
    public const double X86TapVerdictMs = 0.8;

    /// <summary>The same taps to the terminal's halt: also the outbox append and the tier-2 area read (12 more sectors). ms on x86.</summary>
    public const double X86TapComputeMs = 2.5;

    /// <summary>
    /// ASSUMPTION, not a measurement: how much slower one ESP32 core at 240 MHz runs the interpreter than the x86 core
    /// above. Basis: clock (2.1 GHz EPYC vs 240 MHz Xtensa LX6: ×8.7), instructions per clock (a wide out-of-order
    /// core vs a single-issue in-order one with a 32-bit datapath: ×3 to ×4), 64-bit arithmetic (the interpreter's
    /// long/ulong ops, which Ed25519's limb products use, become several 32-bit instructions: ×1.5 on those paths),
    /// and a firmware built for size with flash-cached code: ≈ ×75 in all, the middle of the 50–100 range of
    /// ../shared/nanoframework/README.md. No published nanoFramework ESP32 benchmark exists to check it against; a board
    /// measurement (Terminal.Tests.Device's TimingTests print the same figures there) replaces it.
    /// </summary>
    public const int Esp32SlowdownFactor = 75;

    /// <summary>The interpreter rate the cost model plans with: the measured x86 rate over the assumed factor.</summary>
    public const long Esp32IlPerSecond = X86IlPerSecond / Esp32SlowdownFactor;
}
