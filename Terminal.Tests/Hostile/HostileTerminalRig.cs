using Terminal.Core.Revocation;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Revocation;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Hostile;

/// <summary>
/// The demo's card set and a simulated terminal (hospital desk) with the set's list (sequence 1) installed: the rig of
/// the card, clock and list hostile inputs. Cards are picked by their demo label.
/// </summary>
public sealed class HostileTerminalRig
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing

    public HostileTerminalRig(string profile = "hospital", Func<DeviceSettings, DeviceSettings>? adjustProvisioning = null)
    {
        Cards = new DemoCards(Keys, Now);
        Terminal = new SimulatedTerminal(Keys, profile, Now, adjustProvisioning: adjustProvisioning);
        Assert.Equal(RevocationError.None, Terminal.InstallList(List(1)));
    }

    public SimulationKeys Keys { get; } = new();

    public DemoCards Cards { get; }

    public SimulatedTerminal Terminal { get; }

    public DemoCard Card(string labelEn) => Cards.Cards.Single(c => c.LabelEn == labelEn);

    public TapOutcome Tap(string labelEn)
    {
        var card = Card(labelEn);
        var outcome = Terminal.Tap(card.Card, card.HoldForOperations);
        Terminal.Clock.Advance(30); // the next person in the queue
        return outcome;
    }

    public TapOutcome Tap(CardImage image)
    {
        var outcome = Terminal.Tap(SimulatedCards.FromImage(image));
        Terminal.Clock.Advance(30);
        return outcome;
    }

    /// <summary>The platform's signed list of the set's revocations with this sequence (issued an hour before the sequence's hour).</summary>
    public byte[] List(ulong sequence) => Cards.SignedList(Now.ToUnixTimeSeconds() - 3600 + ((long)sequence * 60), sequence);

    public byte[] Delta(ulong fromSequence, ulong toSequence) =>
        RevocationDeltaBuilder.Build(List(fromSequence), List(toSequence), (uint)SimulationKeys.ListKeyId, Keys.ListSeed);

    /// <summary>A copy of a demo card's image with some bytes of its memory changed (nothing re-sealed).</summary>
    public CardImage Altered(string labelEn, Action<byte[]> alter)
    {
        var image = Card(labelEn).Image ?? throw new InvalidOperationException(labelEn + " has no image");
        var memory = (byte[])image.Memory.Clone();
        alter(memory);
        return new CardImage(image.Family, image.Uid, image.Atqa, image.Sak, memory, image.UidWritable);
    }

    /// <summary>Memory offset of a data block of the card.</summary>
    public static int BlockOffset(int block) => block * 16;

    /// <summary>The core record's first block (sector <see cref="PermitCardLayout.CoreRecordFirstSector"/>, block 0).</summary>
    public static int CoreRecordBlock => PermitCardLayout.CoreRecordFirstSector * 4;

    /// <summary>The first tier-2 block (sector <see cref="PermitCardLayout.Tier2FirstSector"/>, block 0).</summary>
    public static int TierTwoBlock => PermitCardLayout.Tier2FirstSector * 4;
}
