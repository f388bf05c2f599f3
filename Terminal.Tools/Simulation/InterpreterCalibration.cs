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
    public const long X86IlPerSecond = 284_114_273;

    /// <summary>One 10×10-limb field multiplication (Field25519.Multiply), µs on x86.</summary>
    public const double X86FieldMultiplicationUs = 2.3;

    /// <summary>One Ed25519 verification with an expanded key (the tier-2 check's signature), ms on x86.</summary>
    public const double X86Tier2Ms = 2;

    /// <summary>One lookup in the embedded 200-entry signed list (RevocationListTests' list), µs on x86.</summary>
    public const double X86ListLookupUs = 44.3;

    /// <summary>
    /// A valid permit's tap on the whole terminal (Terminal.Posix, median over the demo's valid cards): detection to
    /// halt, with the full read, tier 1, list lookup, rules, outbox append and tier-2 area read, plus work the board does
    /// not do in managed code (the simulated RC522, the managed HMAC stand-in), so an upper bound. ms on x86.
    /// </summary>
    public const double X86TapComputeMs = 0;

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
