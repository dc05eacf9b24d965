using System.IO.Compression;
using System.Text;

namespace Platter.Testing;

/// <summary>A temporary folder for one test: files written into it, deleted with it.</summary>
public sealed class TempFolder : IDisposable
{
    private static UTF8Encoding Utf8NoBom => new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates an empty folder under the system temp folder.</summary>
    public TempFolder(string prefix = "platter-test")
    {
        Path = Fixtures.NewTempDir(prefix);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes UTF-8 text (no byte order mark) and returns the file's path.</summary>
    public string WriteText(string name, string text) => WriteBytes(name, Utf8NoBom.GetBytes(text));

    /// <summary>Writes raw bytes and returns the file's path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes the gzip compression of <paramref name="content"/> and returns the file's path.</summary>
    public string WriteGzip(string name, byte[] content) => WriteBytes(name, Gzip(content));

    /// <summary>Writes the gzip compression of UTF-8 text and returns the file's path.</summary>
    public string WriteGzipText(string name, string text) => WriteGzip(name, Utf8NoBom.GetBytes(text));

    /// <summary>Copies <paramref name="source"/> without its last <paramref name="dropBytes"/> bytes (a truncated download).</summary>
    public string WriteTruncated(string name, string source, long dropBytes)
    {
        var bytes = System.IO.File.ReadAllBytes(source);
        return WriteBytes(name, bytes[..(int)(bytes.Length - dropBytes)]);
    }

    /// <summary>Copies a file into the folder under <paramref name="name"/> (default: its own name).</summary>
    public string Copy(string source, string? name = null)
    {
        var path = File(name ?? System.IO.Path.GetFileName(source));
        System.IO.File.Copy(source, path);
        return path;
    }

    /// <summary>The gzip compression of some bytes.</summary>
    public static byte[] Gzip(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
        {
            gz.Write(content);
        }

        return ms.ToArray();
    }

    /// <summary>
    /// Decompresses as much of a gzip file as can be decompressed, ignoring a truncated or missing
    /// end (what a reader of a cut-off download can see at most).
    /// </summary>
    public static byte[] GunzipPrefix(string path)
    {
        using var file = System.IO.File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        try
        {
            int n;
            while ((n = gz.Read(buffer)) > 0)
            {
                ms.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException)
        {
            // A damaged end: what came before it is what counts.
        }

        return ms.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
