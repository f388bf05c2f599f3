namespace Terminal.Drivers.Mqtt
{
    /// <summary>
    /// The board's last resort for a wedged reporting path: the application hands it the <see cref="ReportingWatchdog"/>
    /// its reporting loop feeds; the supervisor checks it on its own thread and restarts the board when it says so.
    /// The bootstrap builds it (it needs the concrete MQTT client), so a loaded application is supervised too.
    /// </summary>
    public interface IReportingSupervisor
    {
        /// <summary>Starts supervising; called once, when the reporting session exists.</summary>
        void Supervise(ReportingWatchdog watchdog);
    }
}
