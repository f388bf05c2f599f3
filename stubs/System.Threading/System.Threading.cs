// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Threading.txt.
namespace System.Threading
{
    public struct CancellationToken
    {
    }

    public class CancellationTokenSource
    {
        public CancellationTokenSource(int millisecondsDelay) { }

        public CancellationToken Token { get { throw null; } }
    }
}
