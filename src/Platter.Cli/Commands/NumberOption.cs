using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Platter.Cli.Commands;

/// <summary>
/// Parsers for options that take a whole number, which say in words what was wrong: the command
/// line parser's own message names the .NET type (<c>System.Nullable`1[System.Int64]</c>).
/// </summary>
internal static class NumberOption
{
    /// <summary>The parser of a whole-number option <paramref name="name"/>.</summary>
    public static Func<ArgumentResult, T> Whole<T>(string name)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> => r => Parse<T>(r, name) ?? default;

    /// <summary>The parser of a whole-number option <paramref name="name"/> that may be left out.</summary>
    public static Func<ArgumentResult, T?> OptionalWhole<T>(string name)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> => r => Parse<T>(r, name);

    private static T? Parse<T>(ArgumentResult result, string name)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var digits = text.TrimStart('-');
        result.AddError(digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? $"{name}: '{text}' is out of range (from {T.MinValue.ToString("N0", CultureInfo.InvariantCulture)} to {T.MaxValue.ToString("N0", CultureInfo.InvariantCulture)})."
            : $"{name}: '{text}' is not a whole number.");
        return null;
    }
}
