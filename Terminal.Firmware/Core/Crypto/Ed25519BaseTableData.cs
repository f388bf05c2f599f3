namespace Terminal.Core.Crypto
{
    /// <summary>Generated: see Terminal.Tests/Crypto/Ed25519BaseTableDataTests.cs.</summary>
    internal static class Ed25519BaseTableData
    {
        internal static readonly int[] Teeth8Spacing32 = null;
    }
}
