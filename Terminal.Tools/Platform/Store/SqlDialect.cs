using System.Data.Common;
using System.Globalization;

namespace Terminal.Tools.Platform;

/// <summary>
/// The few places where SQLite and PostgreSQL differ for the platform's tables: column types, how a time is passed
/// and read, and the service day of a timestamp. Everything else (upserts, queries) is one SQL text for both.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>Column type of a point in time.</summary>
    public abstract string TimeType { get; }

    /// <summary>Column type of a 64-bit integer.</summary>
    public abstract string BigIntType { get; }

    /// <summary>The value to bind for a UTC time.</summary>
    public abstract object Time(DateTime utc);

    public abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    /// <summary>SQL for the Beijing-time (UTC+8, no daylight saving) calendar day of a time column, as 'yyyy-MM-dd'.</summary>
    public abstract string BeijingDay(string column);

    /// <summary>The tables the ingest keeps besides usage_events, and the indexes the operator view reads through.</summary>
    public string[] SharedSchema() =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS terminals (
          terminal TEXT NOT NULL PRIMARY KEY, region TEXT NOT NULL,
          status TEXT NULL, status_at {TimeType} NULL,
          heartbeat_at {TimeType} NULL, heartbeat_received_at {TimeType} NULL, clock TEXT NULL, fw TEXT NULL,
          list_seq {BigIntType} NULL, list_age_s {BigIntType} NULL, queue {BigIntType} NULL, unsent {BigIntType} NULL, lost {BigIntType} NULL,
          read_errors {BigIntType} NULL, free_heap {BigIntType} NULL, uptime_s {BigIntType} NULL, reconnects {BigIntType} NULL,
          fw_status TEXT NULL, fw_status_at {TimeType} NULL,
          profile TEXT NULL, point TEXT NULL, last_check_at {TimeType} NULL, last_check_seq {BigIntType} NULL,
          checks {BigIntType} NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS terminals_region ON terminals (region, terminal)",
        "CREATE INDEX IF NOT EXISTS usage_events_region_ts ON usage_events (region, ts)",
        "CREATE INDEX IF NOT EXISTS usage_events_verdict_ts ON usage_events (verdict, ts)",
        $"""
        CREATE TABLE IF NOT EXISTS operators (
          username TEXT NOT NULL PRIMARY KEY, region TEXT NOT NULL, password_hash TEXT NOT NULL, created_at {TimeType} NOT NULL)
        """,
    ];

    private sealed class SqliteDialect : SqlDialect
    {
        /// <summary>ISO 8601 text in one fixed format, so text order is time order.</summary>
        public const string Format = "yyyy-MM-ddTHH:mm:ssZ";

        public override string TimeType => "TEXT";

        public override string BigIntType => "INTEGER";

        public override object Time(DateTime utc) => utc.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

        public override DateTime ReadTime(DbDataReader reader, int ordinal) =>
            DateTime.ParseExact(reader.GetString(ordinal), Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        public override string BeijingDay(string column) => $"substr(datetime({column}, '+8 hours'), 1, 10)";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string TimeType => "TIMESTAMPTZ";

        public override string BigIntType => "BIGINT";

        public override object Time(DateTime utc) => DateTime.SpecifyKind(utc.ToUniversalTime(), DateTimeKind.Utc);

        public override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

        public override string BeijingDay(string column) => $"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')";
    }
}

/// <summary>Small ADO.NET helpers shared by both stores.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        }

        return command;
    }

    public static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTime? NullableTime(SqlDialect dialect, DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);
}
