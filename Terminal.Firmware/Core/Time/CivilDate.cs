namespace Terminal.Core.Time
{
    /// <summary>
    /// A calendar date (proleptic Gregorian) stored as a day number, so that date rules are integer arithmetic:
    /// the device has no FPU for doubles and its DateTime lacks AddMonths, and a permit's dates are civil dates
    /// in Beijing, whatever the device's own time zone.
    /// Day 0 is 1970-01-01.
    /// </summary>
    public struct CivilDate
    {
        /// <summary>Seconds east of UTC for China Standard Time (UTC+8, no daylight saving).</summary>
        public const int BeijingOffsetSeconds = 8 * 3600;

        private const int SecondsPerDay = 86400;

        private readonly int _dayNumber;

        private CivilDate(int dayNumber)
        {
            _dayNumber = dayNumber;
        }

        /// <summary>Days since 1970-01-01 (negative before).</summary>
        public int DayNumber { get { return _dayNumber; } }

        public int Year { get { int y, m, d; ToYmd(_dayNumber, out y, out m, out d); return y; } }

        public int Month { get { int y, m, d; ToYmd(_dayNumber, out y, out m, out d); return m; } }

        public int Day { get { int y, m, d; ToYmd(_dayNumber, out y, out m, out d); return d; } }

        public static CivilDate FromDayNumber(int dayNumber)
        {
            return new CivilDate(dayNumber);
        }

        /// <summary>True when year/month/day name a real date in years 1..9999.</summary>
        public static bool IsValid(int year, int month, int day)
        {
            return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
        }

        /// <summary>Builds a date; the caller must have checked <see cref="IsValid"/> (out-of-range parts are not normalised).</summary>
        public static CivilDate FromYmd(int year, int month, int day)
        {
            return new CivilDate(DaysFromCivil(year, month, day));
        }

        /// <summary>The Beijing calendar day containing the given instant (seconds since the Unix epoch, UTC).</summary>
        public static CivilDate BeijingDayOf(long unixSeconds)
        {
            long local = unixSeconds + BeijingOffsetSeconds;
            long day = local / SecondsPerDay;
            if (local % SecondsPerDay < 0)
            {
                day--; // floor division for instants before 1970
            }

            return new CivilDate((int)day);
        }

        /// <summary>The UTC instant (Unix seconds) at which this Beijing day begins.</summary>
        public long BeijingMidnightUnixSeconds()
        {
            return (long)_dayNumber * SecondsPerDay - BeijingOffsetSeconds;
        }

        public CivilDate AddDays(int days)
        {
            return new CivilDate(_dayNumber + days);
        }

        /// <summary>
        /// Calendar months later; a day that does not exist in the target month becomes that month's last day
        /// (31 Jan + 1 month = 28/29 Feb; 29 Feb 2024 + 12 months = 28 Feb 2025).
        /// </summary>
        public CivilDate AddMonths(int months)
        {
            int y, m, d;
            ToYmd(_dayNumber, out y, out m, out d);
            int monthIndex = y * 12 + (m - 1) + months;
            int ny = FloorDiv(monthIndex, 12);
            int nm = monthIndex - ny * 12 + 1;
            int last = DaysInMonth(ny, nm);
            return FromYmd(ny, nm, d > last ? last : d);
        }

        /// <summary>Whole days from this date to <paramref name="other"/> (positive when other is later).</summary>
        public int DaysUntil(CivilDate other)
        {
            return other._dayNumber - _dayNumber;
        }

        public static bool IsLeapYear(int year)
        {
            return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        }

        public static int DaysInMonth(int year, int month)
        {
            switch (month)
            {
                case 2: return IsLeapYear(year) ? 29 : 28;
                case 4:
                case 6:
                case 9:
                case 11: return 30;
                default: return 31;
            }
        }

        public static bool operator ==(CivilDate a, CivilDate b) { return a._dayNumber == b._dayNumber; }

        public static bool operator !=(CivilDate a, CivilDate b) { return a._dayNumber != b._dayNumber; }

        public static bool operator <(CivilDate a, CivilDate b) { return a._dayNumber < b._dayNumber; }

        public static bool operator >(CivilDate a, CivilDate b) { return a._dayNumber > b._dayNumber; }

        public static bool operator <=(CivilDate a, CivilDate b) { return a._dayNumber <= b._dayNumber; }

        public static bool operator >=(CivilDate a, CivilDate b) { return a._dayNumber >= b._dayNumber; }

        public override bool Equals(object obj)
        {
            return obj is CivilDate && ((CivilDate)obj)._dayNumber == _dayNumber;
        }

        public override int GetHashCode()
        {
            return _dayNumber;
        }

        /// <summary>ISO 8601 calendar date, e.g. 2026-11-24.</summary>
        public override string ToString()
        {
            int y, m, d;
            ToYmd(_dayNumber, out y, out m, out d);
            char[] text = new char[10];
            text[0] = (char)('0' + y / 1000 % 10);
            text[1] = (char)('0' + y / 100 % 10);
            text[2] = (char)('0' + y / 10 % 10);
            text[3] = (char)('0' + y % 10);
            text[4] = '-';
            text[5] = (char)('0' + m / 10);
            text[6] = (char)('0' + m % 10);
            text[7] = '-';
            text[8] = (char)('0' + d / 10);
            text[9] = (char)('0' + d % 10);
            return new string(text);
        }

        // Days-from-civil and its inverse over 400-year eras (H. Hinnant's public-domain derivation): integer-only.
        private static int DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = FloorDiv(y, 400);
            int yearOfEra = y - era * 400;
            int monthFromMarch = month > 2 ? month - 3 : month + 9;
            int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
            int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146097 + dayOfEra - 719468;
        }

        private static void ToYmd(int dayNumber, out int year, out int month, out int day)
        {
            int z = dayNumber + 719468;
            int era = FloorDiv(z, 146097);
            int dayOfEra = z - era * 146097;
            int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            int mp = (5 * dayOfYear + 2) / 153;
            day = dayOfYear - (153 * mp + 2) / 5 + 1;
            month = mp < 10 ? mp + 3 : mp - 9;
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        }

        private static int FloorDiv(int a, int b)
        {
            int q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0)))
            {
                q--;
            }

            return q;
        }
    }
}
