using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Drivers.Feedback;
using Terminal.Tools.Simulation;
using Xunit.Abstractions;

namespace Terminal.Tests.Tap;

/// <summary>The whole tap path on simulated hardware, card by card, with the demo's card set.</summary>
public sealed class DemoCardSetTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing

    [Theory]
    [InlineData("hospital")]
    [InlineData("transit")]
    [InlineData("housing")]
    public void Every_demo_card_gets_its_expected_verdict_and_one_report(string profile)
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, profile, Now);
        Assert.Equal(RevocationError.None, terminal.InstallList(set.SignedList(Now.ToUnixTimeSeconds() - 3600)));

        int expectedReports = 0;
        foreach (var card in set.Cards)
        {
            var outcome = terminal.Tap(card.Card, card.HoldForOperations);
            output.WriteLine($"{card.LabelEn,-36} {outcome.Code,-26} accepted={outcome.Accepted} {outcome.Indication} alert={outcome.ForgeryAlertRaised}");
            Assert.True(card.Expected == outcome.Code, $"{card.LabelEn}: expected {card.Expected}, got {outcome.Code}");
            Assert.Equal(card.ExpectForgeryAlert, outcome.ForgeryAlertRaised);
            expectedReports += 1 + (card.ExpectForgeryAlert ? 1 : 0);
            terminal.Clock.Advance(30); // the next person in the queue
        }

        Assert.Equal(expectedReports, terminal.Recorded.Checks.Count);
        Assert.Equal(0, terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void Feedback_families_are_distinct_and_match_acceptance()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        terminal.InstallList(set.SignedList(Now.ToUnixTimeSeconds() - 3600));
        var seen = new Dictionary<Indication, string>();
        foreach (var card in set.Cards)
        {
            var outcome = terminal.Tap(card.Card, card.HoldForOperations);
            terminal.Clock.Advance(30);
            var expected = outcome.Code switch
            {
                VerdictCode.Unreadable => Indication.TapAgain,
                VerdictCode.ForgeryAlert => Indication.ForgeryAlert,
                _ when outcome.ForgeryAlertRaised => Indication.ForgeryAlert, // the background alert shows after the tap's own light
                VerdictCode.Valid when outcome.Accepted => Indication.Accepted,
                _ when outcome.Accepted => Indication.AcceptedWithWarning,
                _ => Indication.Refused,
            };
            Assert.Equal(expected, outcome.ForgeryAlertRaised ? terminal.Feedback.Last : outcome.Indication);
            seen[outcome.Indication] = outcome.Sound;
        }

        Assert.Equal(seen.Count, seen.Values.Distinct().Count()); // each family sounds different
    }

    [Fact]
    public void Without_a_list_the_transit_desk_refuses_and_the_hospital_warns()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var valid = set.Cards[0];
        Assert.Equal(VerdictCode.ListStale, new SimulatedTerminal(keys, "transit", Now).Tap(valid.Card).Code);
        var hospital = new SimulatedTerminal(keys, "hospital", Now).Tap(valid.Card);
        Assert.Equal(VerdictCode.Valid, hospital.Code);
        Assert.Equal(Indication.AcceptedWithWarning, hospital.Indication);
    }

    [Fact]
    public void The_same_card_held_on_the_reader_is_not_counted_twice()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        terminal.InstallList(set.SignedList(Now.ToUnixTimeSeconds() - 3600));
        var card = set.Cards[0].Card;
        Assert.Equal(Terminal.Core.Tap.TapStep.Decided, terminal.Tap(card).Step);
        terminal.Clock.Advance(3);
        Assert.Equal(Terminal.Core.Tap.TapStep.Repeat, terminal.Tap(card).Step);
        terminal.Clock.Advance(30);
        Assert.Equal(Terminal.Core.Tap.TapStep.Decided, terminal.Tap(card).Step);
        Assert.Equal(2, terminal.Recorded.Checks.Count);
    }

    [Fact]
    public void Tier_two_runs_once_per_card_and_later_taps_skip_the_tier_two_read()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        terminal.InstallList(set.SignedList(Now.ToUnixTimeSeconds() - 3600));
        var card = set.Cards[0].Card;
        terminal.Tap(card);
        Assert.Equal(1, terminal.Core.TierTwo.Verified);
        int blocksAfterFirst = terminal.Reader.Timing.BlocksRead;
        terminal.Clock.Advance(60);
        terminal.Tap(card);
        Assert.Equal(1, terminal.Core.TierTwo.Verified);
        Assert.Equal(3, terminal.Reader.Timing.BlocksRead - blocksAfterFirst); // only the core record's sector
    }
}
