// Reference stub: signatures only, each checked against ../shared/nanoframework/api/Iot.Device.Mifare.txt.
// Enum values from nanoFramework.IoT.Device devices/Card/Mifare/MifareCardCommand.cs.
namespace Iot.Device.Card.Mifare
{
    public enum MifareCardCommand
    {
        AuthenticationA = 0x60,
        AuthenticationB = 0x61,
        Read16Bytes = 0x30,
    }

    public class MifareCard
    {
        public MifareCard(CardTransceiver rfid, byte target) { }

        public MifareCardCommand Command { set { } }

        public byte[] KeyA { set { } }

        public byte[] KeyB { set { } }

        public byte[] SerialNumber { set { } }

        public byte BlockNumber { set { } }

        public byte[] Data { get { throw null; } }

        public int RunMifareCardCommand() { throw null; }
    }
}
