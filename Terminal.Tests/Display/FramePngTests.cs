using Terminal.Drivers.Display;
using Terminal.Tools.Display;

namespace Terminal.Tests.Display;

public sealed class FramePngTests
{
    [Fact]
    public void A_frame_survives_the_picture_pixel_for_pixel()
    {
        var frame = new byte[DisplayFrame.Bytes];
        new Random(7).NextBytes(frame);
        var png = FramePng.Encode(frame);
        Assert.Equal(frame, FramePng.Decode(png));
        Assert.Equal(0x89, png[0]);
    }

    [Fact]
    public void Damaged_or_foreign_pictures_are_refused_with_a_reason()
    {
        var png = FramePng.Encode(new byte[DisplayFrame.Bytes]);
        Assert.Contains("not a PNG", Assert.Throws<InvalidDataException>(() => FramePng.Decode([1, 2, 3])).Message);
        var damaged = (byte[])png.Clone();
        damaged[30] ^= 0x40; // inside IHDR
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => FramePng.Decode(damaged)).Message);
    }
}
