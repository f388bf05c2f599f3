using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Update
{
    /// <summary>
    /// Firmware delivery over the reporting session (<see cref="ISessionExtension"/>): the platform announces a bundle on
    /// the terminal's command topic (<see cref="ReportingTopics.Firmware"/>, retained <c>seq=VERSION;bytes=N;chunk=C</c>,
    /// the list announcement format); subscribing to <c>rp/v1/{region}/_fw/{version}/+</c> requests the chunks (retained
    /// there by the platform), each is written durably into the staging slot and ticked off in the shared resumable
    /// <see cref="ListDownload"/>; after the last one the bundle is verified from flash and made pending, and
    /// <see cref="RebootRequested"/> tells the application to restart into it when idle. Progress and outcome go to
    /// <see cref="ReportingTopics.FirmwareStatus"/> (retained): see README.md beside this file.
    /// </summary>
    public sealed class UpdateDelivery : ISessionExtension
    {
        public const string ProgressName = "fwdl.state";

        /// <summary>Largest chunk accepted: one MQTT message, written as it arrives (never the whole bundle in RAM).</summary>
        public const int MaxChunkBytes = 4096;

        /// <summary>A progress status is published every this many chunks (and at every state change).</summary>
        public const int ProgressEveryChunks = 16;

        private readonly ReportingTopics _topics;
        private readonly UpdateSlots _slots;
        private readonly BundleDownloadTarget _target;
        private readonly ListDownload _download;
        private readonly ListAnnouncement _announcement = new ListAnnouncement();
        private long _chunkSubscription;
        private string _state = "idle";
        private string _reason = "";
        private long _stateVersion;

        public UpdateDelivery(IFileStore store, ReportingTopics topics, UpdateSlots slots)
        {
            _topics = topics;
            _slots = slots;
            _target = new BundleDownloadTarget(slots);
            _download = new ListDownload(store, ProgressName, _target, MaxChunkBytes);
        }

        /// <summary>A verified bundle is pending: restart (when no card is being checked) to boot it on trial.</summary>
        public bool RebootRequested { get; private set; }

        public long Announcements { get; private set; }

        public long ChunksStored { get; private set; }

        /// <summary>Malformed announcements or chunks, and bundles refused on completion.</summary>
        public long Rejected { get; private set; }

        public ListDownload Download { get { return _download; } }

        public BundleDownloadTarget Target { get { return _target; } }

        /// <summary>The last status payload published (or due), ASCII key=value.</summary>
        public string LastStatus { get; private set; }

        /// <summary>Loads the persisted download progress after a boot (resumes an interrupted download). False on a storage error.</summary>
        public bool Open()
        {
            bool ok = _download.Open();
            if (_download.Active)
            {
                SetState("downloading", _download.Sequence, "");
            }

            return ok;
        }

        public bool OnConnected(IMqttTransport transport)
        {
            _chunkSubscription = 0;
            return transport.Subscribe(_topics.Firmware, 1) == MqttStatus.Ok && FollowChunks(transport) && PublishStatus(transport);
        }

        public bool OnMessage(IMqttTransport transport, string topic, byte[] payload)
        {
            if (topic == _topics.Firmware)
            {
                OnAnnouncement(transport, payload);
                return true;
            }

            long version;
            int index;
            if (!_topics.TryParseFirmwareChunk(topic, out version, out index))
            {
                return false;
            }

            ListDownloadResult result = _download.OnChunk(version, index, payload);
            if (result == ListDownloadResult.Stored)
            {
                ChunksStored++;
                if (_download.ChunksReceived % ProgressEveryChunks == 0)
                {
                    SetState("downloading", version, "");
                    PublishStatus(transport);
                }
            }
            else if (result == ListDownloadResult.Completed)
            {
                ChunksStored++;
                RebootRequested = true;
                SetState("staged", version, "");
                PublishStatus(transport);
            }
            else if (result == ListDownloadResult.Rejected)
            {
                Rejected++;
                if (!_download.Active && _download.RejectedSequence == version)
                {
                    SetState("refused", version, UpdateErrorNames.Name(_target.LastError));
                    PublishStatus(transport);
                }
            }
            else if (result == ListDownloadResult.Failed)
            {
                SetState("failed", version, UpdateErrorNames.Name(_target.LastError));
                PublishStatus(transport);
            }

            FollowChunks(transport);
            return true;
        }

        /// <summary>
        /// This boot's standing changed without a delivery event (a trial version was confirmed healthy): publishes the
        /// status again, so the platform sees <c>running=V</c> without <c>trial=1</c> at once. Call on the session's thread
        /// while it is connected. False when the transport refused.
        /// </summary>
        public bool RepublishStatus(IMqttTransport transport)
        {
            return PublishStatus(transport);
        }

        private void OnAnnouncement(IMqttTransport transport, byte[] payload)
        {
            if (payload == null || payload.Length == 0)
            {
                return; // a cleared retained announcement
            }

            if (!_announcement.Parse(payload, MaxChunkBytes, ListDownload.MaxChunks))
            {
                Rejected++;
                return;
            }

            Announcements++;
            ListDownloadResult result = _download.OnAnnouncement(_announcement);
            if (result == ListDownloadResult.Started)
            {
                SetState("downloading", _announcement.Sequence, "");
                PublishStatus(transport);
            }
            else if (result == ListDownloadResult.Failed || result == ListDownloadResult.Rejected)
            {
                Rejected++;
                string reason = result == ListDownloadResult.Rejected ? "BadAnnouncement" : UpdateErrorNames.Name(_target.LastError);
                SetState("refused", _announcement.Sequence, reason);
                PublishStatus(transport);
            }

            FollowChunks(transport);
        }

        private void SetState(string state, long version, string reason)
        {
            _state = state;
            _stateVersion = version;
            _reason = reason;
        }

        /// <summary>
        /// <c>running=V;state=S;version=V2;chunks=R/N;reason=R;failed=F;failure=X</c>: the booted version, the download
        /// state (idle, downloading, staged, refused, failed), and the last version rolled back, with why.
        /// </summary>
        private bool PublishStatus(IMqttTransport transport)
        {
            BootDecision booted = _slots.Booted;
            BootState state = _slots.State;
            string status = string.Concat("running=", booted == null ? "0" : booted.Version.ToString(),
                booted != null && booted.Kind == BootKind.Trial ? ";trial=1" : "", ";state=", _state);
            if (_stateVersion != 0)
            {
                status = string.Concat(status, ";version=", _stateVersion.ToString());
            }

            if (_download.Active)
            {
                status = string.Concat(status, ";chunks=", _download.ChunksReceived.ToString(), "/", _download.ChunkCount.ToString());
            }

            if (_reason.Length > 0)
            {
                status = string.Concat(status, ";reason=", _reason);
            }

            if (state.LastFailedVersion != 0)
            {
                status = string.Concat(status, ";failed=", state.LastFailedVersion.ToString(), ";failure=", UpdateErrorNames.Name((UpdateError)state.LastFailure));
            }

            LastStatus = status;
            byte[] bytes = new byte[status.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)status[i];
            }

            return transport.Publish(_topics.FirmwareStatus, bytes, 0, bytes.Length, 1, true) >= 0;
        }

        // Exactly one chunk subscription: the active download's. False when the transport refused.
        private bool FollowChunks(IMqttTransport transport)
        {
            long wanted = _download.Active ? _download.Sequence : 0;
            if (wanted == _chunkSubscription)
            {
                return true;
            }

            if (_chunkSubscription != 0 && transport.Unsubscribe(_topics.FirmwareChunks(_chunkSubscription)) != MqttStatus.Ok)
            {
                return false;
            }

            _chunkSubscription = 0;
            if (wanted != 0 && transport.Subscribe(_topics.FirmwareChunks(wanted), 1) != MqttStatus.Ok)
            {
                return false;
            }

            _chunkSubscription = wanted;
            return true;
        }
    }
}
