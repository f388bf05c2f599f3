using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Simulation;
using Xunit.Abstractions;

namespace Terminal.Tests.Tap;

/// <summary>
/// A long randomized soak of the tap loop: thousands of taps of every demo card with RF faults injected at random and
/// cards pulled away at random points. The loop must never stop or throw, and every tap must end in exactly one
/// decided, reported verdict that is either the card's expected verdict or UNREADABLE (a fault the clerk sees as "tap again").
/// </summary>
public sealed class TapSoakTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Thousands_of_taps_with_injected_faults_each_end_in_exactly_one_verdict()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        Assert.Equal(RevocationError.None, terminal.InstallList(set.SignedList(Now.ToUnixTimeSeconds() - 3600)));
        terminal.Reader.Faults.FailRandomly(0.08, seed: 2026);
        var random = new Random(7);
        const int taps = 3000;
        int unreadable = 0, decided = 0;
        var codes = new Dictionary<VerdictCode, int>();
        for (int i = 0; i < taps; i++)
        {
            var card = set.Cards[random.Next(set.Cards.Count)];
            int hold = random.Next(10) == 0 ? random.Next(1, 12) : card.HoldForOperations;
            int reportsBefore = terminal.Recorded.Checks.Count;
            int alertsBefore = terminal.Core.TierTwo.ForgeryAlerts;

            var outcome = terminal.Tap(card.Card, hold);

            Assert.Equal(TapStep.Decided, outcome.Step);
            decided++;
            int alerts = terminal.Core.TierTwo.ForgeryAlerts - alertsBefore;
            Assert.Equal(1 + alerts, terminal.Recorded.Checks.Count - reportsBefore);
            // The forged card passes tier 1 (VALID, then a background alert) until tier 2 has caught it once; then FORGERY_ALERT.
            bool forged = card.ExpectForgeryAlert || card.Expected == VerdictCode.ForgeryAlert;
            // The "pulled away" demo card is a valid permit: held long enough this time, it reads as one.
            bool pulledCardHeld = card.HoldForOperations != SimulatedField.Forever && hold > card.HoldForOperations;
            bool expected = outcome.Code == card.Expected
                            || outcome.Code == VerdictCode.Unreadable
                            || (pulledCardHeld && outcome.Code == VerdictCode.Valid)
                            || (forged && outcome.Code is VerdictCode.Valid or VerdictCode.ForgeryAlert);
            Assert.True(expected, $"tap {i}: {card.LabelEn} gave {outcome.Code}, expected {card.Expected} or UNREADABLE");
            unreadable += outcome.Code == VerdictCode.Unreadable ? 1 : 0;
            codes[outcome.Code] = codes.GetValueOrDefault(outcome.Code) + 1;
            terminal.Clock.Advance(20 + random.Next(40)); // past the repeat window
        }

        output.WriteLine($"{decided} taps decided, {unreadable} UNREADABLE, {terminal.Reader.Faults.Injected} RF faults injected, " +
                         string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        Assert.Equal(0, terminal.Core.Pipeline.Faults);
        Assert.True(terminal.Reader.Faults.Injected > 500, "the soak must actually inject faults");
        Assert.True(unreadable < taps / 4, "retries should absorb most single RF faults");
    }
}
