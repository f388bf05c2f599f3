// Reference stub: signatures only, each checked against ../shared/nanoframework/api/nanoFramework.Networking.Sntp.txt.
// Upstream samples call every member statically (Sntp.Server1 = ...; Sntp.Start(); Sntp.UpdateNow();).
namespace nanoFramework.Networking
{
    public static class Sntp
    {
        public static bool IsStarted { get { throw null; } }

        public static string Server1 { set { } }

        public static string Server2 { set { } }

        public static void Start() { }

        public static void UpdateNow() { }
    }
}
