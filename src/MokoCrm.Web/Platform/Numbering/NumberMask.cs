using System.Globalization;
using System.Text;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Numbering;

/// <summary>
/// A parsed numbering mask such as "PR{yymm}-{nnnn}": fixed text, date tokens taken from the document date
/// ({yy}, {yyyy}, {mm}, {yymm}) and one counter token whose count of n is the zero-padded width. Pure: no clock,
/// no database, so every rule of it is unit-testable.
/// </summary>
public sealed class NumberMask
{
    private const int MaxCounterWidth = 12;

    private readonly IReadOnlyList<Part> _parts;

    private NumberMask(string text, string prefix, IReadOnlyList<Part> parts)
    {
        Text = text;
        Prefix = prefix;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The fixed text before the first token ("PR"): with the fiscal year, the key of the counter.</summary>
    public string Prefix { get; }

    /// <summary>Parses a mask, refusing what would not give unique numbers, with a message for the admin screen.</summary>
    public static NumberMask Parse(string mask)
    {
        if (string.IsNullOrWhiteSpace(mask))
        {
            throw new DomainException("A numbering mask cannot be empty.");
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        var at = 0;
        while (at < mask.Length)
        {
            var c = mask[at];
            if (c == '}')
            {
                throw new DomainException($"The numbering mask '{mask}' has a '}}' without its '{{'.");
            }

            if (c != '{')
            {
                literal.Append(c);
                at++;
                continue;
            }

            var end = mask.IndexOf('}', at);
            if (end < 0)
            {
                throw new DomainException($"The numbering mask '{mask}' has a '{{' without its '}}'.");
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, literal.ToString()));
                literal.Clear();
            }

            parts.Add(Token(mask, mask[(at + 1)..end]));
            at = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(PartKind.Literal, literal.ToString()));
        }

        var counters = parts.Count(p => p.Kind == PartKind.Counter);
        if (counters != 1)
        {
            throw new DomainException($"The numbering mask '{mask}' needs exactly one counter such as {{nnnn}}.");
        }

        // The counter restarts every fiscal year, so without a year in it the same number would come back.
        if (!parts.Any(p => p.Kind is PartKind.Year2 or PartKind.Year4 or PartKind.YearMonth))
        {
            throw new DomainException($"The numbering mask '{mask}' needs a year ({{yy}}, {{yyyy}} or {{yymm}}): the counter restarts every fiscal year.");
        }

        if (parts[0].Kind != PartKind.Literal || string.IsNullOrWhiteSpace(parts[0].Text))
        {
            throw new DomainException($"The numbering mask '{mask}' must start with fixed text such as 'PR': it names the counter.");
        }

        return new NumberMask(mask, parts[0].Text, parts);
    }

    public string Format(DateOnly documentDate, long counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(counter);
        var text = new StringBuilder(Text.Length + 8);
        foreach (var part in _parts)
        {
            text.Append(part.Kind switch
            {
                PartKind.Literal => part.Text,
                PartKind.Year2 => (documentDate.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                PartKind.Year4 => documentDate.Year.ToString("0000", CultureInfo.InvariantCulture),
                PartKind.Month => documentDate.Month.ToString("00", CultureInfo.InvariantCulture),
                PartKind.YearMonth => (documentDate.Year % 100).ToString("00", CultureInfo.InvariantCulture) + documentDate.Month.ToString("00", CultureInfo.InvariantCulture),
                // A counter past its width keeps all its digits: a longer number beats a repeated one.
                PartKind.Counter => counter.ToString(new string('0', part.Width), CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"Unknown mask part {part.Kind}."),
            });
        }

        return text.ToString();
    }

    public override string ToString() => Text;

    private static Part Token(string mask, string token)
    {
        switch (token)
        {
            case "yy":
                return new Part(PartKind.Year2, token);
            case "yyyy":
                return new Part(PartKind.Year4, token);
            case "mm":
                return new Part(PartKind.Month, token);
            case "yymm":
                return new Part(PartKind.YearMonth, token);
        }

        if (token.Length is > 0 and <= MaxCounterWidth && token.All(ch => ch == 'n'))
        {
            return new Part(PartKind.Counter, token, token.Length);
        }

        throw new DomainException(
            $"The numbering mask '{mask}' has an unknown part '{{{token}}}'. Known: {{yy}}, {{yyyy}}, {{mm}}, {{yymm}} and a counter {{n}} to {{{new string('n', MaxCounterWidth)}}}.");
    }

    private enum PartKind
    {
        Literal,
        Year2,
        Year4,
        Month,
        YearMonth,
        Counter,
    }

    private sealed record Part(PartKind Kind, string Text, int Width = 0);
}
