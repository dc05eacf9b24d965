namespace Platter.Dumps.Download;

/// <summary>The start of an unexpected response, on one line, for error messages.</summary>
internal static class Excerpt
{
    public static string Of(string text, int length = 80)
    {
        var flat = text.Trim().ReplaceLineEndings(" ");
        return flat.Length <= length ? flat : flat[..length] + "...";
    }

    public static string Of(ReadOnlySpan<byte> bytes, int length = 80)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, length * 2)]);
        return Of(new string(text.Select(c => char.IsControl(c) && c is not '\n' and not '\r' ? '.' : c).ToArray()), length);
    }
}
