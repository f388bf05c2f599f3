using Terminal.Drivers.Feedback;
using Terminal.Drivers.Feedback.Simulated;

namespace Terminal.Tests.Feedback;

public sealed class BuzzerPatternTests
{
    private static readonly Indication[] Sounding = Enum.GetValues<Indication>().Where(i => i != Indication.Idle).ToArray();

    [Fact]
    public void Every_indication_but_idle_sounds_and_no_two_sound_alike()
    {
        Assert.Empty(BuzzerPatterns.For(Indication.Idle));
        var seen = new HashSet<string>();
        foreach (var indication in Sounding)
        {
            var pattern = BuzzerPatterns.For(indication);
            Assert.NotEmpty(pattern);
            Assert.True(seen.Add(string.Join(",", pattern)), indication + " sounds like another indication");
        }
    }

    [Fact]
    public void Patterns_are_well_formed_and_short_enough_not_to_hold_up_the_next_tap()
    {
        foreach (var indication in Sounding)
        {
            var pattern = BuzzerPatterns.For(indication);
            Assert.True(pattern.Length % 2 == 0, indication.ToString());
            Assert.True(pattern[0] > 0, indication + " starts with a pause");
            for (int i = 0; i < pattern.Length; i += 2)
            {
                Assert.True(pattern[i] == 0 || (pattern[i] >= 500 && pattern[i] <= 5000), indication + " frequency " + pattern[i]);
                Assert.InRange(pattern[i + 1], 20, 2000);
            }

            Assert.InRange(BuzzerPatterns.DurationMs(pattern), 100, 1300);
        }
    }

    [Fact]
    public void The_verdicts_a_clerk_must_tell_apart_differ_in_pitch_or_count()
    {
        var accepted = BuzzerPatterns.For(Indication.Accepted);
        var refused = BuzzerPatterns.For(Indication.Refused);
        Assert.True(accepted[0] > refused[0], "accepted is higher than refused");
        Assert.True(BuzzerPatterns.DurationMs(refused) > BuzzerPatterns.DurationMs(accepted));
        int Beeps(Indication i) => BuzzerPatterns.For(i).Where((v, k) => k % 2 == 0 && v > 0).Count();
        Assert.Equal(1, Beeps(Indication.Accepted));
        Assert.Equal(2, Beeps(Indication.AcceptedWithWarning));
        Assert.Equal(3, Beeps(Indication.TapAgain));
    }

    [Fact]
    public void Recording_feedback_keeps_what_was_shown_and_heard()
    {
        var feedback = new RecordingFeedback();
        Assert.Empty(feedback.LastSound);
        feedback.Show(Indication.Accepted);
        feedback.Show(Indication.TapAgain);
        Assert.Equal(new[] { Indication.Accepted, Indication.TapAgain }, feedback.Shown);
        Assert.Equal(BuzzerPatterns.For(Indication.TapAgain), feedback.LastSound);
        Assert.Equal(2, feedback.Sounds.Count);
        Assert.Equal("2700 Hz 120 ms, pause 80 ms, 2700 Hz 120 ms", RecordingFeedback.Describe(BuzzerPatterns.For(Indication.AcceptedWithWarning)));
        Assert.Equal("silence", RecordingFeedback.Describe(BuzzerPatterns.For(Indication.Idle)));
    }

    [Fact]
    public void A_feedback_group_shows_each_indication_on_every_member()
    {
        var a = new RecordingFeedback();
        var b = new RecordingFeedback();
        new FeedbackGroup([a, b]).Show(Indication.Refused);
        Assert.Equal(Indication.Refused, a.Last);
        Assert.Equal(Indication.Refused, b.Last);
    }
}
