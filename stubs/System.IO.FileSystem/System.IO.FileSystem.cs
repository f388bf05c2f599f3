// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.IO.FileSystem.txt.
// FileStream derives from System.IO.Stream (assembly System.IO.Streams), as in the real package.
namespace System.IO
{
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public static class Directory
    {
        public static DirectoryInfo CreateDirectory(string path) { throw null; }

        public static bool Exists(string path) { throw null; }
    }

    public sealed class DirectoryInfo
    {
        internal DirectoryInfo() { }
    }

    public static class File
    {
        public static void Delete(string path) { throw null; }

        public static bool Exists(string path) { throw null; }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access) { throw null; }

        public override long Length { get { throw null; } }

        public override void Close() { throw null; }

        public override void Flush() { throw null; }

        public override int Read(byte[] buffer, int offset, int count) { throw null; }

        public override long Seek(long offset, SeekOrigin origin) { throw null; }

        public override void Write(byte[] buffer, int offset, int count) { throw null; }
    }
}
