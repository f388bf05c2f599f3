using Terminal.Posix;

namespace Terminal.Tests.Posix;

public sealed class RamFileStoreTests
{
    [Fact]
    public void Files_behave_as_the_store_contract_says()
    {
        var store = new RamFileStore();
        Assert.False(store.Exists("a"));
        Assert.Null(store.Open("a"));
        var a = store.Create("a");
        Assert.True(a.Write(0, [1, 2, 3, 4], 1, 3));
        Assert.False(a.Write(5, [9], 0, 1)); // no holes
        Assert.True(a.Write(3, new byte[600], 0, 600)); // grows past its first buffer
        Assert.Equal(603, a.Length);
        var read = new byte[10];
        var again = store.Open("a");
        Assert.Equal(3, again.Read(0, read, 0, 3));
        Assert.Equal(new byte[] { 2, 3, 4 }, read[..3]);
        Assert.Equal(0, again.Read(603, read, 0, 10));
        Assert.Equal(3, again.Read(600, read, 0, 10));

        store.Create("b");
        store.Append("c", [7]);
        store.Append("c", [8]);
        Assert.Equal(2, store.Open("c").Length);
        Assert.Equal(new[] { "a", "b", "c" }, store.Names);
        Assert.Equal(0, store.Create("a").Length); // Create replaces
        Assert.True(store.Delete("b"));
        Assert.True(store.Delete("b"));
        Assert.Equal(new[] { "a", "c" }, store.Names);
        Assert.Equal(-1, store.FreeBytes);
    }
}
