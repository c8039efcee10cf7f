using System.Numerics;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>IBAN normalisation and the ISO 13616 mod-97 check, so a mistyped IBAN is caught when it is entered.</summary>
public static class Iban
{
    public static string Normalize(string iban) => new string(iban.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static bool IsValid(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban))
        {
            return false;
        }

        var value = Normalize(iban);
        if (value.Length is < 15 or > 34 || !value.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1]))
        {
            return false;
        }

        var rearranged = value[4..] + value[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    /// <summary>"FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189".</summary>
    public static string Format(string iban)
    {
        var value = Normalize(iban);
        return string.Join(' ', Enumerable.Range(0, (value.Length + 3) / 4).Select(i => value.Substring(i * 4, Math.Min(4, value.Length - (i * 4)))));
    }
}
