using System.IO;

namespace Terminal.Drivers.Storage.Esp32
{
    /// <summary>
    /// Files in one directory of a nanoFramework volume (the internal flash drive is "I:\\", LittleFS on ESP32).
    /// nanoFramework's FileStream writes through on every Write (its Flush does nothing), has no SetLength and refuses
    /// positions past the end, which is what <see cref="IStoredFile"/> promises to its users.
    /// </summary>
    public sealed class FlashFileStore : IFileStore
    {
        private readonly string _directory;

        /// <summary>directory ends with a separator, e.g. "I:\\".</summary>
        public FlashFileStore(string directory)
        {
            _directory = directory;
        }

        public long FreeBytes { get { return -1; } }

        /// <summary>Creates the store's directory if it is missing; false when it cannot exist (no drive).</summary>
        public bool EnsureDirectory()
        {
            try
            {
                string directory = _directory.Substring(0, _directory.Length - 1);
                if (directory.Length > 2 && !Directory.Exists(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                return directory.Length <= 2 || Directory.Exists(directory);
            }
            catch (IOException)
            {
                return false;
            }
        }

        public bool Exists(string name)
        {
            try
            {
                return File.Exists(PathOf(name));
            }
            catch (IOException)
            {
                return false;
            }
        }

        public IStoredFile Open(string name)
        {
            return OpenWith(name, FileMode.Open);
        }

        public IStoredFile Create(string name)
        {
            return OpenWith(name, FileMode.Create);
        }

        public bool Delete(string name)
        {
            string path = PathOf(name);
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                return !File.Exists(path);
            }
            catch (IOException)
            {
                return false;
            }
        }

        private IStoredFile OpenWith(string name, FileMode mode)
        {
            try
            {
                return new FlashStoredFile(new FileStream(PathOf(name), mode, FileAccess.ReadWrite));
            }
            catch (IOException)
            {
                return null;
            }
        }

        private string PathOf(string name)
        {
            return string.Concat(_directory, name);
        }
    }
}
