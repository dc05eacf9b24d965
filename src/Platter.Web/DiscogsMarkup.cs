using System.Globalization;
using System.Text.RegularExpressions;

namespace Platter.Web;

/// <summary>A run of a Discogs text: plain text, or a link, possibly bold or italic. The page puts <see cref="Text"/> in as text.</summary>
/// <param name="Text">What to show.</param>
/// <param name="Href">Where it links: a page of this site (<c>/artist/1</c>, <c>/?t=label:Warp</c>) or an http(s) address; null for text.</param>
/// <param name="External">True when <paramref name="Href"/> leaves the site.</param>
/// <param name="Bold">Inside <c>[b]</c>.</param>
/// <param name="Italic">Inside <c>[i]</c>.</param>
public sealed record MarkupRun(string Text, string? Href, bool External, bool Bold, bool Italic);

/// <summary>What a Discogs text's links point at, looked up in the store.</summary>
/// <param name="ArtistByName">The artist id of a name, when the artist has a page.</param>
/// <param name="ArtistName">The name of an artist id, when the artist has a page.</param>
/// <param name="LabelName">The name of a label id.</param>
internal sealed record MarkupLookups(Func<string, long?> ArtistByName, Func<long, string?> ArtistName, Func<long, string?> LabelName);

/// <summary>
/// Reads Discogs' markup (profiles, notes) into runs of text and links: <c>[a=Name]</c> and
/// <c>[a123]</c> link to the artist's page when Platter holds it, <c>[l=Label]</c> and <c>[l123]</c>
/// to the label in the explorer, <c>[url=…]text[/url]</c> to the address when it is http or https,
/// <c>[b]</c> and <c>[i]</c> mark bold and italic. Every other bracket stays as the text it is.
/// </summary>
internal static partial class DiscogsMarkup
{
    [GeneratedRegex(@"\[(?<close>/?)(?<style>b|i)\]|\[a=(?<aname>[^\]\r\n]{1,200})\]|\[a(?<aid>\d{1,12})\]|\[l=(?<lname>[^\]\r\n]{1,200})\]|\[l(?<lid>\d{1,12})\]|\[url=(?<href>[^\]\s]{1,2000})\](?<text>.*?)\[/url\]|\[url\](?<bare>[^\[\s]{1,2000})\[/url\]",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tokens();

    public static IReadOnlyList<MarkupRun> Parse(string? text, MarkupLookups lookups)
    {
        var runs = new List<MarkupRun>();
        if (string.IsNullOrEmpty(text))
        {
            return runs;
        }

        bool bold = false, italic = false;
        void Add(string s, string? href = null, bool external = false)
        {
            if (s.Length == 0)
            {
                return;
            }

            // Neighbouring text in one style is one run.
            if (href is null && runs.Count > 0 && runs[^1] is { Href: null } last && last.Bold == bold && last.Italic == italic)
            {
                runs[^1] = last with { Text = last.Text + s };
                return;
            }

            runs.Add(new MarkupRun(s, href, external, bold, italic));
        }

        var at = 0;
        foreach (Match m in Tokens().Matches(text))
        {
            Add(text[at..m.Index]);
            at = m.Index + m.Length;
            var g = m.Groups;
            if (g["style"].Success)
            {
                var on = g["close"].Length == 0;
                if (g["style"].Value.Equals("b", StringComparison.OrdinalIgnoreCase))
                {
                    bold = on;
                }
                else
                {
                    italic = on;
                }
            }
            else if (g["aname"].Success)
            {
                var name = g["aname"].Value;
                var id = lookups.ArtistByName(name);
                Add(name, id is { } a ? ArtistHref(a) : null);
            }
            else if (g["aid"].Success)
            {
                var id = long.Parse(g["aid"].Value, CultureInfo.InvariantCulture);
                var name = lookups.ArtistName(id);
                Add(name ?? "artist " + g["aid"].Value, name is null ? null : ArtistHref(id));
            }
            else if (g["lname"].Success)
            {
                Add(g["lname"].Value, LabelHref(g["lname"].Value));
            }
            else if (g["lid"].Success)
            {
                var name = lookups.LabelName(long.Parse(g["lid"].Value, CultureInfo.InvariantCulture));
                Add(name ?? "label " + g["lid"].Value, name is null ? null : LabelHref(name));
            }
            else
            {
                var href = g["href"].Success ? g["href"].Value : g["bare"].Value;
                var shown = g["text"].Success && g["text"].Value.Length > 0 ? g["text"].Value : href;
                var web = IsWebAddress(href);
                Add(shown, web ? href : null, web);
            }
        }

        Add(text[at..]);
        return runs;
    }

    private static string ArtistHref(long id) => "/artist/" + id.ToString(CultureInfo.InvariantCulture);

    private static string LabelHref(string name) => "/?t=" + Uri.EscapeDataString("label:" + name);

    // Only http and https: a javascript: or data: address stays text.
    private static bool IsWebAddress(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
