namespace Terminal.Core.Update
{
    /// <summary>
    /// The application's health report for a trial version: once the reader has answered, the revocation list is loaded
    /// and the broker was reached or offline mode entered, it calls <see cref="UpdateSlots.ConfirmHealthy"/> (once).
    /// Until then the trial counter runs; a version that never gets here is rolled back.
    /// </summary>
    public sealed class HealthGate
    {
        private readonly UpdateSlots _slots;
        private bool _reader;
        private bool _list;
        private bool _network;

        public HealthGate(UpdateSlots slots)
        {
            _slots = slots;
        }

        /// <summary>True once the confirmation was written.</summary>
        public bool Confirmed { get; private set; }

        /// <summary>The result of the confirmation attempt (None until one was made, or when it succeeded).</summary>
        public UpdateError LastError { get; private set; }

        public void ReaderAnswered()
        {
            _reader = true;
            TryConfirm();
        }

        public void ListLoaded()
        {
            _list = true;
            TryConfirm();
        }

        /// <summary>The broker accepted a connection, or the terminal decided to work offline.</summary>
        public void BrokerReachedOrOffline()
        {
            _network = true;
            TryConfirm();
        }

        private void TryConfirm()
        {
            if (Confirmed || !_reader || !_list || !_network)
            {
                return;
            }

            LastError = _slots.ConfirmHealthy();
            Confirmed = LastError == UpdateError.None;
        }
    }
}
