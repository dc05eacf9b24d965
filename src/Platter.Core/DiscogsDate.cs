namespace Platter.Core;

/// <summary>A Discogs release date parsed from its free text: year, month and day, each unknown when 0 or absent.</summary>
public readonly record struct DiscogsDate(int? Year, int? Month, int? Day)
{
    /// <summary>
    /// Parses <c>1999</c>, <c>1999-03</c>, <c>1999-03-00</c>, <c>1999-07-13</c> and <c>19990713</c>;
    /// anything else (<c>1980s</c>, <c>?</c>) yields no year. <c>00</c> means unknown.
    /// </summary>
    public static DiscogsDate Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        var s = text.AsSpan().Trim();
        if (s.Length == 8 && IsDigits(s))
        {
            return Make(s[..4], s[4..6], s[6..8]);
        }

        if (s.Length < 4 || !IsDigits(s[..4]))
        {
            return default;
        }

        if (s.Length == 4)
        {
            return Make(s, default, default);
        }

        if (s[4] != '-' || s.Length < 7 || !IsDigits(s[5..7]))
        {
            return Make(s[..4], default, default);
        }

        if (s.Length == 7)
        {
            return Make(s[..4], s[5..7], default);
        }

        return s.Length == 10 && s[7] == '-' && IsDigits(s[8..10]) ? Make(s[..4], s[5..7], s[8..10]) : Make(s[..4], s[5..7], default);
    }

    private static DiscogsDate Make(ReadOnlySpan<char> y, ReadOnlySpan<char> m, ReadOnlySpan<char> d)
    {
        var year = int.Parse(y);
        int? month = m.IsEmpty ? null : int.Parse(m);
        int? day = d.IsEmpty ? null : int.Parse(d);
        return new DiscogsDate(
            year == 0 ? null : year,
            month is >= 1 and <= 12 ? month : null,
            day is >= 1 and <= 31 ? day : null);
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>YouTube URL helpers.</summary>
public static class YouTube
{
    /// <summary>The <c>v=</c> parameter of a YouTube watch URL, or the last path segment of a youtu.be URL.</summary>
    public static string? IdFromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var q = url.IndexOf("v=", StringComparison.Ordinal);
        if (q > 0 && (url[q - 1] == '?' || url[q - 1] == '&'))
        {
            var start = q + 2;
            var end = url.IndexOf('&', start);
            var id = end < 0 ? url[start..] : url[start..end];
            return id.Length > 0 ? id : null;
        }

        const string Short = "youtu.be/";
        var s = url.IndexOf(Short, StringComparison.Ordinal);
        if (s >= 0)
        {
            var id = url[(s + Short.Length)..].Split('?', '&', '/')[0];
            return id.Length > 0 ? id : null;
        }

        return null;
    }
}
