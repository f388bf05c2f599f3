using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using Iot.Device.Card.Mifare;
using Iot.Device.Mfrc522;
using Iot.Device.Rfid;
using nanoFramework.Hardware.Esp32;

namespace Terminal.Drivers.Reader.Esp32
{
    /// <summary>
    /// The RC522 on the ESP32's SPI bus, through nanoFramework.Iot.Device.Mfrc522 (MfRc522) and MifareCard. Every library
    /// call is guarded: an exception from the driver (it throws on odd states) is a failed exchange, never a crash.
    /// Re-selection is REQA + SELECT through ListenToCardIso14443TypeA, not MifareCard.ReselectCard: the latter sends HLTA
    /// first, and after a failed read the Crypto1 unit is still on, so that HLTA is properly encrypted, the card really
    /// halts, and the REQA that follows cannot wake it. After a failed authentication both work.
    /// </summary>
    public sealed class Rc522FrontEnd : IReaderFrontEnd, IReaderChipInfo
    {
        /// <summary>
        /// Shortest timeout handed to ListenToCardIso14443TypeA. Its loop returns false after the first empty poll only
        /// while the deadline lies ahead (the quirk in the nanoFramework API facts); once an empty poll ends past the
        /// deadline it keeps polling until a card comes. A poll of an empty field takes about 40 ms, so 500 ms keeps
        /// every call to one poll, and bounds the wait should the library ever honour its timeout.
        /// </summary>
        private const long MinimumListenTicks = 500 * TimeSpan.TicksPerMillisecond;

        private readonly Rc522Wiring _wiring;
        private readonly GpioController _gpio;
        private readonly byte[] _authUid = new byte[MifareClassic.AuthenticationUidLength];
        private MfRc522 _rc522;
        private MifareCard _mifare;

        public Rc522FrontEnd(Rc522Wiring wiring)
        {
            _wiring = wiring;
            _gpio = new GpioController();
            Configuration.SetPinFunction(wiring.MosiPin, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(wiring.MisoPin, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(wiring.ClockPin, DeviceFunction.SPI1_CLOCK);
            IsOpen = Open();
        }

        /// <summary>Whether the chip was set up (false: the terminal cannot read cards; report it).</summary>
        public bool IsOpen { get; private set; }

        public int ChipVersion
        {
            get
            {
                if (_rc522 == null)
                {
                    return -1;
                }

                try
                {
                    Version version = _rc522.Version;
                    return version.Major * 16 + version.Minor;
                }
                catch (Exception)
                {
                    return -1;
                }
            }
        }

        public bool Detect(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            uidLength = 0;
            atqa = 0;
            sak = 0;
            if (_rc522 == null)
            {
                return false;
            }

            long deadline = DateTime.UtcNow.Ticks + timeoutMs * TimeSpan.TicksPerMillisecond;
            try
            {
                while (true)
                {
                    long remaining = deadline - DateTime.UtcNow.Ticks;
                    Data106kbpsTypeA card;
                    if (_rc522.ListenToCardIso14443TypeA(out card, new TimeSpan(remaining > MinimumListenTicks ? remaining : MinimumListenTicks)))
                    {
                        byte[] id = card.NfcId;
                        if (id == null || id.Length == 0 || id.Length > uid.Length)
                        {
                            return false;
                        }

                        Array.Copy(id, uid, id.Length);
                        uidLength = id.Length;
                        atqa = card.Atqa;
                        sak = card.Sak;
                        return true;
                    }

                    if (DateTime.UtcNow.Ticks >= deadline)
                    {
                        return false;
                    }

                    Thread.Sleep(_wiring.PollIntervalMs);
                }
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidLength)
        {
            if (_mifare == null)
            {
                return false;
            }

            // MFAuthent takes the 4 UID bytes Crypto1 uses (the last cascade level of a 7-byte UID), not the whole UID.
            Array.Copy(uid, MifareClassic.AuthenticationUidOffset(uidLength), _authUid, 0, MifareClassic.AuthenticationUidLength);
            try
            {
                _mifare.SerialNumber = _authUid;
                _mifare.BlockNumber = (byte)block;
                if (keyType == MifareKeyType.KeyA)
                {
                    _mifare.KeyA = key;
                    _mifare.Command = MifareCardCommand.AuthenticationA;
                }
                else
                {
                    _mifare.KeyB = key;
                    _mifare.Command = MifareCardCommand.AuthenticationB;
                }

                return _mifare.RunMifareCardCommand() >= 0;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool ReadBlock(int block, byte[] buffer, int offset)
        {
            if (_mifare == null)
            {
                return false;
            }

            try
            {
                _mifare.BlockNumber = (byte)block;
                _mifare.Command = MifareCardCommand.Read16Bytes;
                if (_mifare.RunMifareCardCommand() < MifareClassic.BlockSize)
                {
                    return false;
                }

                byte[] data = _mifare.Data;
                if (data == null || data.Length < MifareClassic.BlockSize)
                {
                    return false;
                }

                Array.Copy(data, 0, buffer, offset, MifareClassic.BlockSize);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Halt()
        {
            if (_rc522 == null)
            {
                return;
            }

            try
            {
                // Sent through the Crypto1 unit when a sector is authenticated, so the card takes it and halts.
                _rc522.Halt();
            }
            catch (Exception)
            {
            }
        }

        /// <summary>Disposes the driver (closing the SPI device and the reset pin) and builds it again: hard reset, register set-up, gain.</summary>
        public bool Reinitialize()
        {
            Close();
            IsOpen = Open();
            return IsOpen;
        }

        private bool Open()
        {
            try
            {
                var settings = new SpiConnectionSettings(_wiring.SpiBusId, _wiring.ChipSelectPin);
                settings.ClockFrequency = _wiring.ClockFrequencyHz;
                SpiDevice spi = SpiDevice.Create(settings);
                _rc522 = new MfRc522(spi, _wiring.ResetPin, _gpio, false);
                _rc522.Gain = _wiring.Gain;
                _mifare = new MifareCard(_rc522, 0);
                return true;
            }
            catch (Exception)
            {
                Close();
                return false;
            }
        }

        private void Close()
        {
            try
            {
                if (_rc522 != null)
                {
                    _rc522.Dispose();
                }
            }
            catch (Exception)
            {
            }

            _rc522 = null;
            _mifare = null;
        }
    }
}
