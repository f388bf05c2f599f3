using Terminal.Core.Time;

namespace Terminal.Tests.Core;

public sealed class CivilDateTests
{
    [Fact]
    public void Day_numbers_match_the_host_calendar_over_four_centuries()
    {
        var epoch = new DateOnly(1970, 1, 1);
        for (var d = new DateOnly(1900, 1, 1); d <= new DateOnly(2300, 12, 31); d = d.AddDays(1))
        {
            var civil = CivilDate.FromYmd(d.Year, d.Month, d.Day);
            Assert.Equal(d.DayNumber - epoch.DayNumber, civil.DayNumber);
            Assert.Equal((d.Year, d.Month, d.Day), (civil.Year, civil.Month, civil.Day));
        }
    }

    [Theory]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2023-01-31", 1, "2023-02-28")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-02-29", 48, "2028-02-29")]
    [InlineData("2026-03-31", -1, "2026-02-28")]
    [InlineData("2026-12-15", 1, "2027-01-15")]
    [InlineData("2026-01-15", -13, "2024-12-15")]
    public void AddMonths_clamps_to_the_last_day_of_the_month(string from, int months, string expected)
    {
        var d = DateOnly.Parse(from);
        Assert.Equal(expected, CivilDate.FromYmd(d.Year, d.Month, d.Day).AddMonths(months).ToString());
    }

    [Fact]
    public void AddMonths_agrees_with_the_host_calendar()
    {
        var random = new Random(12);
        for (int i = 0; i < 20000; i++)
        {
            var d = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 150 * 365));
            var months = random.Next(-240, 240);
            var expected = d.AddMonths(months);
            Assert.Equal(expected.ToString("yyyy-MM-dd"), CivilDate.FromYmd(d.Year, d.Month, d.Day).AddMonths(months).ToString());
        }
    }

    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23")] // 23:59:59 in Beijing
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24")] // midnight in Beijing
    [InlineData("1969-12-31T15:59:59Z", "1969-12-31")]
    [InlineData("1969-12-31T16:00:00Z", "1970-01-01")]
    public void Beijing_day_boundary_is_at_16_00_UTC(string utc, string beijingDay)
    {
        var seconds = DateTimeOffset.Parse(utc).ToUnixTimeSeconds();
        var day = CivilDate.BeijingDayOf(seconds);
        Assert.Equal(beijingDay, day.ToString());
        Assert.True(day.BeijingMidnightUnixSeconds() <= seconds && seconds < day.AddDays(1).BeijingMidnightUnixSeconds());
    }

    [Theory]
    [InlineData(2024, 2, 29, true)]
    [InlineData(2025, 2, 29, false)]
    [InlineData(1900, 2, 29, false)]
    [InlineData(2000, 2, 29, true)]
    [InlineData(2026, 4, 31, false)]
    [InlineData(2026, 13, 1, false)]
    [InlineData(0, 1, 1, false)]
    public void IsValid_rejects_dates_that_do_not_exist(int y, int m, int d, bool valid)
    {
        Assert.Equal(valid, CivilDate.IsValid(y, m, d));
    }
}
