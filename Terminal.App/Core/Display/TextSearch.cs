namespace Terminal.Core.Display
{
    /// <summary>
    /// Character search that gives the same answer on the nanoCLR as on .NET. The nanoCLR's String.LastIndexOf walks
    /// its UTF-8 string backwards and loses its place on multi-byte characters: "第十五条、第十六条".LastIndexOf('、')
    /// is -1 there (issue #18). MetadataGate refuses String.LastIndexOf in device code, so use this instead.
    /// </summary>
    public static class TextSearch
    {
        /// <summary>The index of the last <paramref name="c"/> in <paramref name="text"/>, or -1.</summary>
        public static int LastIndexOf(string text, char c)
        {
            for (int i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] == c)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
