using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platter.Api.Models;

/// <summary>
/// An amount as Discogs writes it in collection values (<c>"€71.20"</c>, <c>"£5"</c>): the
/// currency symbol as sent, its ISO code when the symbol is unambiguous, and the amount.
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public sealed record Money(string Symbol, string? CurrencyCode, decimal Amount)
{
    private static readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal)
    {
        ["$"] = "USD",
        ["US$"] = "USD",
        ["€"] = "EUR",
        ["£"] = "GBP",
        ["¥"] = "JPY",
        ["CA$"] = "CAD",
        ["A$"] = "AUD",
        ["NZ$"] = "NZD",
        ["MX$"] = "MXN",
        ["R$"] = "BRL",
        ["CHF"] = "CHF",
        ["SEK"] = "SEK",
        ["ZAR"] = "ZAR",
    };

    /// <summary>
    /// Reads <c>"€71.20"</c>, <c>"£2.50"</c>, <c>"£5"</c> or <c>"$1,234.50"</c>: the symbol is
    /// everything before the first digit; the amount is an invariant-culture decimal with
    /// <c>,</c> allowed as a group separator and any number of decimals.
    /// </summary>
    public static Money Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var money))
        {
            throw new FormatException($"\"{text}\" is not an amount such as \"€71.20\".");
        }

        return money;
    }

    /// <summary>As <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out Money money)
    {
        money = new Money("", null, 0m);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var first = trimmed.AsSpan().IndexOfAnyInRange('0', '9');
        if (first < 0)
        {
            return false;
        }

        var symbol = trimmed[..first].Trim();
        var negative = symbol.EndsWith('-');
        if (negative)
        {
            symbol = symbol[..^1].Trim();
        }

        if (!decimal.TryParse(trimmed[first..], NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        money = new Money(symbol, _codes.GetValueOrDefault(symbol), negative ? -amount : amount);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Symbol + Amount.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads a <see cref="Money"/> from its string form; a bare number becomes an amount without currency.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    /// <inheritdoc/>
    public override Money? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return new Money("", null, reader.GetDecimal());
            case JsonTokenType.String:
                var text = reader.GetString();
                return Money.TryParse(text, out var money) ? money : throw new JsonException($"\"{text}\" is not an amount such as \"€71.20\".");
            default:
                throw new JsonException($"Expected an amount string, found {reader.TokenType}.");
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Reads a string field that some responses send as a number (<c>qty</c>, <c>entity_type</c>).</summary>
public sealed class LenientStringConverter : JsonConverter<string>
{
    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}

/// <summary>The source-generated serialisation of every API model; unknown fields are ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Identity))]
[JsonSerializable(typeof(CollectionFolders))]
[JsonSerializable(typeof(CollectionItemsPage))]
[JsonSerializable(typeof(CollectionValue))]
[JsonSerializable(typeof(WantsPage))]
[JsonSerializable(typeof(Release))]
[JsonSerializable(typeof(Master))]
[JsonSerializable(typeof(MasterVersionsPage))]
[JsonSerializable(typeof(Artist))]
[JsonSerializable(typeof(ArtistReleasesPage))]
[JsonSerializable(typeof(Label))]
[JsonSerializable(typeof(LabelReleasesPage))]
public sealed partial class DiscogsJsonContext : JsonSerializerContext
{
}
