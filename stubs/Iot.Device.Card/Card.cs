// Reference stub: signatures only, each checked against ../shared/nanoframework/api/Iot.Device.Card.txt.
namespace Iot.Device.Card
{
    public abstract class CardTransceiver
    {
        protected CardTransceiver() { }
    }
}

namespace Iot.Device.Rfid
{
    public class Data106kbpsTypeA
    {
        public Data106kbpsTypeA(byte targetNumber, ushort atqa, byte sak, byte[] nfcId, byte[] ats) { }

        public ushort Atqa { get { throw null; } }

        public byte Sak { get { throw null; } }

        public byte[] NfcId { get { throw null; } }
    }
}
