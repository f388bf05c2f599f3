// Reference stub: signatures only, each checked against ../shared/nanoframework/api/nanoFramework.System.Security.Cryptography.txt.
namespace System.Security.Cryptography
{
    public class HMACSHA256
    {
        public HMACSHA256() { }

        public static byte[] HashData(byte[] key, byte[] source) { throw null; }
    }
}
