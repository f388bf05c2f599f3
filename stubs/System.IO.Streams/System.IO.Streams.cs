// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.IO.Streams.txt.
namespace System.IO
{
    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }

    public abstract class Stream
    {
        public abstract long Length { get; }

        public virtual void Close() { throw null; }

        public abstract void Flush();

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract long Seek(long offset, SeekOrigin origin);

        public abstract void Write(byte[] buffer, int offset, int count);
    }
}
