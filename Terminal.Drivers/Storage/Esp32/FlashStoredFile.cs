using System.IO;

namespace Terminal.Drivers.Storage.Esp32
{
    /// <summary>An <see cref="IStoredFile"/> over a nanoFramework FileStream; I/O errors become return values.</summary>
    internal sealed class FlashStoredFile : IStoredFile
    {
        private readonly FileStream _stream;

        public FlashStoredFile(FileStream stream)
        {
            _stream = stream;
        }

        public long Length
        {
            get
            {
                try
                {
                    return _stream.Length;
                }
                catch (IOException)
                {
                    return 0;
                }
            }
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            try
            {
                long length = _stream.Length;
                if (position >= length)
                {
                    return 0;
                }

                if (position + count > length)
                {
                    count = (int)(length - position);
                }

                _stream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = _stream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
            catch (IOException)
            {
                return -1;
            }
        }

        public bool Write(long position, byte[] data, int offset, int count)
        {
            try
            {
                _stream.Seek(position, SeekOrigin.Begin);
                _stream.Write(data, offset, count);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public bool Flush()
        {
            try
            {
                _stream.Flush();
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Close()
        {
            try
            {
                _stream.Close();
            }
            catch (IOException)
            {
                // Nothing left to do with a handle that cannot close.
            }
        }
    }
}
