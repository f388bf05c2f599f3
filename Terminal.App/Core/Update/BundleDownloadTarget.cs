using Terminal.Core.Reporting;

namespace Terminal.Core.Update
{
    /// <summary>
    /// Lets the shared chunked download (<see cref="ListDownload"/>: bitmap progress, resume after a power cut) fill the
    /// update staging slot: the "sequence" of an announcement is the bundle version. Completion verifies the bundle from
    /// flash and makes it pending; <see cref="LastError"/> says why a step was refused.
    /// </summary>
    public sealed class BundleDownloadTarget : IListDownloadTarget
    {
        private readonly UpdateSlots _slots;

        public BundleDownloadTarget(UpdateSlots slots)
        {
            _slots = slots;
        }

        public UpdateError LastError { get; private set; }

        /// <summary>The manifest of the last bundle that completed (verified and pending), or null.</summary>
        public BundleManifest Staged { get; private set; }

        /// <summary>The replay floor: announcements at or below it are ignored.</summary>
        public long InstalledSequence
        {
            get { return _slots.VersionFloor > long.MaxValue ? long.MaxValue : (long)_slots.VersionFloor; }
        }

        public bool Begin(long sequence, long totalBytes)
        {
            LastError = _slots.BeginStaging((ulong)sequence, totalBytes);
            return LastError == UpdateError.None;
        }

        public bool Resume(long sequence, long totalBytes)
        {
            LastError = _slots.ResumeStaging((ulong)sequence, totalBytes);
            return LastError == UpdateError.None;
        }

        public bool Write(long offset, byte[] data, int dataOffset, int count)
        {
            LastError = _slots.WriteStaging(offset, data, dataOffset, count);
            return LastError == UpdateError.None;
        }

        public bool Complete(long sequence)
        {
            BundleManifest manifest = new BundleManifest();
            LastError = _slots.CompleteStaging((ulong)sequence, manifest);
            if (LastError != UpdateError.None)
            {
                return false;
            }

            Staged = manifest;
            return true;
        }
    }
}
