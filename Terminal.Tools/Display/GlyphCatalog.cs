using System.Reflection;
using Terminal.Core.Display;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;

namespace Terminal.Tools.Display;

/// <summary>
/// Every text the clerk's screen can show: each verdict's reason and article (every code × every revocation reason),
/// every constant of <see cref="ScreenTexts"/> (found by reflection, so a new text is never forgotten), and printable
/// ASCII for what comes from data (terminal ids, dates, numbers). The glyph table holds exactly these characters.
/// </summary>
public static class GlyphCatalog
{
    public const string PrintableAscii = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    /// <summary>The texts, each with where it comes from (for messages naming the text that lacks a glyph).</summary>
    public static IReadOnlyList<(string Source, string Text)> Texts()
    {
        var texts = new List<(string, string)>();
        foreach (var code in Enum.GetValues<VerdictCode>())
        {
            foreach (var reason in Enum.GetValues<RevocationReason>())
            {
                texts.Add(($"VerdictTexts.ReasonZh({code}, {reason})", VerdictTexts.ReasonZh(code, reason)));
                texts.Add(($"VerdictTexts.Article({code}, {reason})", VerdictTexts.Article(code, reason)));
            }
        }

        foreach (var field in typeof(ScreenTexts).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var value = field.GetRawConstantValue();
            texts.Add(($"ScreenTexts.{field.Name}", value is char c ? c.ToString() : (string)value!));
        }

        texts.Add(("printable ASCII (ids, dates, numbers)", PrintableAscii));
        return texts;
    }

    public static SortedSet<char> Characters()
    {
        var set = new SortedSet<char>();
        foreach (var (_, text) in Texts())
        {
            set.UnionWith(text);
        }

        return set;
    }
}
