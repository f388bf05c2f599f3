namespace Terminal.Core.Update
{
    /// <summary>
    /// Why a firmware bundle, a slot or an update step was refused (None = accepted). The manifest parser, the slots
    /// and the download target return these; no exception escapes their public API.
    /// </summary>
    public enum UpdateError
    {
        None = 0,

        // Format: the bytes are not a well-formed manifest or bundle.
        Truncated = 1,
        BadMagic = 2,
        UnsupportedFormat = 3,
        BadField = 4,
        TooLarge = 5,
        LengthMismatch = 6,

        // Trust.
        UnknownKey = 10,
        WrongKeyUsage = 11,
        KeyNotValidOnIssueDate = 12,
        BadSignature = 13,
        HashMismatch = 14,

        // Policy.
        NotNewer = 20,
        WrongHardware = 21,
        BootstrapTooOld = 22,
        DoesNotFit = 23,
        UpdatesDisabled = 24,

        /// <summary>A staged version has not reported healthy yet: no new download until it does or is rolled back.</summary>
        PendingUnconfirmed = 25,

        /// <summary>The version never reported healthy within the allowed boots.</summary>
        NeverHealthy = 26,

        // Storage.
        StorageError = 30,
        StorageFull = 31,
        NoBundle = 32,
        NoStagingInProgress = 33,

        /// <summary>The boot-state record names a slot whose content does not match it.</summary>
        SlotMismatch = 34,

        /// <summary>The runtime refused an assembly, or the entry type or its Run method is missing.</summary>
        LoadFailed = 35,
    }
}

namespace Terminal.Core.Update
{
    /// <summary>Stable names of <see cref="UpdateError"/> for status messages (nanoFramework's Enum.ToString gives the number).</summary>
    public static class UpdateErrorNames
    {
        public static string Name(UpdateError error)
        {
            switch (error)
            {
                case UpdateError.None: return "None";
                case UpdateError.Truncated: return "Truncated";
                case UpdateError.BadMagic: return "BadMagic";
                case UpdateError.UnsupportedFormat: return "UnsupportedFormat";
                case UpdateError.BadField: return "BadField";
                case UpdateError.TooLarge: return "TooLarge";
                case UpdateError.LengthMismatch: return "LengthMismatch";
                case UpdateError.UnknownKey: return "UnknownKey";
                case UpdateError.WrongKeyUsage: return "WrongKeyUsage";
                case UpdateError.KeyNotValidOnIssueDate: return "KeyNotValidOnIssueDate";
                case UpdateError.BadSignature: return "BadSignature";
                case UpdateError.HashMismatch: return "HashMismatch";
                case UpdateError.NotNewer: return "NotNewer";
                case UpdateError.WrongHardware: return "WrongHardware";
                case UpdateError.BootstrapTooOld: return "BootstrapTooOld";
                case UpdateError.DoesNotFit: return "DoesNotFit";
                case UpdateError.UpdatesDisabled: return "UpdatesDisabled";
                case UpdateError.PendingUnconfirmed: return "PendingUnconfirmed";
                case UpdateError.NeverHealthy: return "NeverHealthy";
                case UpdateError.StorageError: return "StorageError";
                case UpdateError.StorageFull: return "StorageFull";
                case UpdateError.NoBundle: return "NoBundle";
                case UpdateError.NoStagingInProgress: return "NoStagingInProgress";
                case UpdateError.SlotMismatch: return "SlotMismatch";
                case UpdateError.LoadFailed: return "LoadFailed";
                default: return ((int)error).ToString();
            }
        }
    }
}
