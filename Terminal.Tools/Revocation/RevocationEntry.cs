using Terminal.Core.Revocation;
using Terminal.Core.Time;

namespace Terminal.Tools.Revocation;

/// <summary>One revoked card instance, as the platform knows it. SourceLine is where it came from (0 if not from a file).</summary>
public readonly record struct RevocationEntry(ulong CardKey, RevocationReason Reason, CivilDate EffectiveDate, int SourceLine = 0)
{
    public ulong PermitNumber => Core.Revocation.CardKey.PermitNumberOf(CardKey);

    public int Generation => Core.Revocation.CardKey.GenerationOf(CardKey);

    public static RevocationEntry Of(ulong permitNumber, int generation, RevocationReason reason, CivilDate effective, int line = 0) =>
        new(Core.Revocation.CardKey.From(permitNumber, generation), reason, effective, line);

    public string ToCsv() =>
        Core.Revocation.CardKey.FormatPermitNumber(PermitNumber) + "," + Generation + "," + (int)Reason + "," + EffectiveDate;
}
