using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Platter.Api;

/// <summary>The secrets file cannot be read; the message says which file and what to do, and never quotes it.</summary>
public sealed class SecretsFileException : Exception
{
    /// <summary>A failure with its cause.</summary>
    public SecretsFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A failure without an underlying exception.</summary>
    public SecretsFileException(string message)
        : base(message)
    {
    }

    /// <summary>A failure with the default message.</summary>
    public SecretsFileException()
    {
    }
}

/// <summary>
/// <c>secrets.yaml</c> in the config folder: the stored Discogs credentials, shared by
/// <c>platter auth</c> and the site's sign-in. The file is created readable by its owner only
/// (0600, set at creation so it is never briefly open to others), in a folder created as 0700.
/// Its values are never printed.
/// </summary>
public sealed class SecretsFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>The secrets file at <paramref name="path"/> (it need not exist).</summary>
    public SecretsFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The secrets file of the config folder <paramref name="configDirectory"/>.</summary>
    public static SecretsFile In(string configDirectory) => new(System.IO.Path.Combine(configDirectory, "secrets.yaml"));

    /// <summary>The stored values, or null when there is no secrets file.</summary>
    public Dictionary<string, string>? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(Path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            // The message must not quote the file: it holds secrets.
            throw new SecretsFileException($"The secrets file {Path} is not valid YAML (line {e.Start.Line}). Remove it (sign out) and sign in again.", e);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode v)
                {
                    values[k] = v.Value ?? "";
                }
            }
        }

        return values;
    }

    /// <summary>The user name the stored sign-in belongs to, or null.</summary>
    public string? Username() => Load()?.GetValueOrDefault("username") is { Length: > 0 } name ? name : null;

    /// <summary>Stores an OAuth sign-in: the access token with the application (and signature method) it was made with.</summary>
    public void SaveOAuth(string username, AccessToken access, string consumerKey, string consumerSecret, OAuthSignatureMethod method)
    {
        ArgumentNullException.ThrowIfNull(access);
        Save(new Dictionary<string, string>
        {
            ["method"] = "oauth",
            ["signature"] = method == OAuthSignatureMethod.HmacSha1 ? "hmac-sha1" : "plaintext",
            ["username"] = username,
            ["token"] = access.Token,
            ["token_secret"] = access.Secret,
            ["consumer_key"] = consumerKey,
            ["consumer_secret"] = consumerSecret,
        });
    }

    /// <summary>Stores a personal access token.</summary>
    public void SavePersonalToken(string username, string token) => Save(new Dictionary<string, string>
    {
        ["method"] = "token",
        ["username"] = username,
        ["token"] = token,
    });

    /// <summary>
    /// The stored sign-in, or null. An OAuth sign-in is signed with the application it was made
    /// with (stored beside it), falling back to <paramref name="configured"/>.
    /// </summary>
    public DiscogsCredentials? Credentials((string Key, string Secret)? configured)
    {
        var values = Load();
        if (values is null || !values.TryGetValue("token", out var token) || token.Length == 0)
        {
            return null;
        }

        if (values.GetValueOrDefault("method") != "oauth")
        {
            return new PersonalTokenCredentials(token);
        }

        var key = values.GetValueOrDefault("consumer_key") ?? configured?.Key;
        var secret = values.GetValueOrDefault("consumer_secret") ?? configured?.Secret;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            throw new SecretsFileException($"The stored OAuth sign-in in {Path} lacks the application's consumer key and secret. Sign in again.");
        }

        var method = values.GetValueOrDefault("signature") == "hmac-sha1" ? OAuthSignatureMethod.HmacSha1 : OAuthSignatureMethod.Plaintext;
        return new OAuthCredentials(new OAuthSigner(key, secret, method), token, values.GetValueOrDefault("token_secret") ?? "");
    }

    /// <summary>Replaces the file with <paramref name="values"/>, owner-only from the first byte.</summary>
    public void Save(IReadOnlyDictionary<string, string> values)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        var temporary = Path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.UTF8, options))
        {
            writer.WriteLine("# Platter's Discogs credentials. Keep this file private; `platter auth logout` (or Sign out on the site's /config page) removes it.");
            new SerializerBuilder().Build().Serialize(writer, values);
        }

        // A rename keeps the owner-only mode and never leaves a half-written file behind.
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Removes the file; false when there was none.</summary>
    public bool Delete()
    {
        if (!File.Exists(Path))
        {
            return false;
        }

        File.Delete(Path);
        return true;
    }
}
