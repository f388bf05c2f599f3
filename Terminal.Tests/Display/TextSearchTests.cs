using Terminal.Core.Display;

namespace Terminal.Tests.Display;

/// <summary>
/// TextSearch replaces String.LastIndexOf in device code: the nanoCLR returns -1 for
/// "第十五条、第十六条、第十七条(一)".LastIndexOf('、') (issue #18). It must answer as .NET does.
/// </summary>
public sealed class TextSearchTests
{
    [Theory]
    [InlineData("第十五条、第十六条、第十七条(一)", '、', 9)]
    [InlineData("第十五条、第十六条", '、', 4)]
    [InlineData("、", '、', 0)]
    [InlineData("第十二条", '、', -1)]
    [InlineData("", '、', -1)]
    [InlineData("a/b/c", '/', 3)]
    [InlineData("居住证有效 / Permit valid", 'v', 15)]
    public void Finds_the_last_occurrence_as_dotnet_does(string text, char c, int expected)
    {
        Assert.Equal(expected, TextSearch.LastIndexOf(text, c));
        Assert.Equal(text.LastIndexOf(c), TextSearch.LastIndexOf(text, c));
    }
}
