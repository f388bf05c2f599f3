namespace Terminal.Tools.Commands;

/// <summary>Exit codes of every Terminal.Tools command (documented in Terminal.Tools/README.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Usage error or bad input (unreadable or malformed file, bad argument): one line on stderr.</summary>
    public const int BadInput = 2;

    /// <summary>The input is well-formed but does not verify (signature, trust, structure, base).</summary>
    public const int VerificationFailed = 3;

    /// <summary>`demo`: a verdict or a report was not the expected one.</summary>
    public const int DemoFailed = 4;

    /// <summary>`platform` and `firmware publish|withdraw|status`: the broker could not be reached or refused a request.</summary>
    public const int BrokerUnavailable = 5;
}
