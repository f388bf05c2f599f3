using Terminal.Drivers.Storage;

namespace Terminal.Tests.Device.Support
{
    /// <summary>A read-only stored file over a byte array in RAM: the embedded list is tested without touching I:.</summary>
    public sealed class ArrayStoredFile : IStoredFile
    {
        private readonly byte[] _content;

        public ArrayStoredFile(byte[] content)
        {
            _content = content;
        }

        public long Length { get { return _content.Length; } }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (position >= _content.Length)
            {
                return 0;
            }

            int available = _content.Length - (int)position;
            int n = count < available ? count : available;
            System.Array.Copy(_content, (int)position, buffer, offset, n);
            return n;
        }

        public bool Write(long position, byte[] data, int offset, int count)
        {
            return false;
        }

        public bool Flush()
        {
            return true;
        }

        public void Close()
        {
        }
    }
}
