using YamlDotNet.RepresentationModel;

namespace Platter.Cli;

/// <summary>
/// Platter's configuration, most specific first: a command-line option, a <c>PLATTER_*</c>
/// environment variable, the config file <c>config.yaml</c> in the config folder, a default.
/// The config folder is <c>PLATTER_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/platter</c>, else
/// <c>~/.config/platter</c>; secrets live beside the config file.
/// </summary>
public sealed class PlatterSettings
{
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _file;

    private PlatterSettings(string configDirectory, Func<string, string?> environment, Dictionary<string, string> file)
    {
        ConfigDirectory = configDirectory;
        _environment = environment;
        _file = file;
    }

    /// <summary>The folder holding <c>config.yaml</c> and the secrets file.</summary>
    public string ConfigDirectory { get; }

    /// <summary>The config file's path (it need not exist).</summary>
    public string ConfigFile => Path.Combine(ConfigDirectory, "config.yaml");

    /// <summary>Loads the config file named by the environment, if there is one.</summary>
    public static PlatterSettings Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dir = ResolveConfigDirectory(environment);
        var file = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var path = Path.Combine(dir, "config.yaml");
        if (File.Exists(path))
        {
            ReadFlatYaml(path, file);
            RefuseSecretsReadableByOthers(path, file);
        }

        return new PlatterSettings(dir, environment, file);
    }

    /// <summary>
    /// The value of one setting: <paramref name="option"/> when given, else the environment
    /// variable <c>PLATTER_{KEY}</c>, else the config file's <paramref name="key"/>, else
    /// <paramref name="fallback"/>.
    /// </summary>
    public string Get(string key, string? option, string fallback) => Find(key, option) ?? fallback;

    /// <summary>As <see cref="Get"/>, but null when nothing sets the value.</summary>
    public string? Find(string key, string? option)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        var env = _environment("PLATTER_" + key.ToUpperInvariant());
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        return _file.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
    }

    // Secrets belong in secrets.yaml, which Platter writes owner-only; a consumer secret or token
    // put in config.yaml by hand is accepted only if that file is owner-only too.
    private static void RefuseSecretsReadableByOthers(string path, Dictionary<string, string> file)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var secretKeys = file.Keys.Where(k => k.Contains("secret", StringComparison.OrdinalIgnoreCase) || k.Contains("token", StringComparison.OrdinalIgnoreCase)).ToList();
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        if (secretKeys.Count > 0 && (File.GetUnixFileMode(path) & Others) != 0)
        {
            throw new CliException(
                $"The config file {path} holds {string.Join(", ", secretKeys)} but other users can read it. " +
                $"Run: chmod 600 {path} (or move the secret to a PLATTER_* environment variable).");
        }
    }

    private static string ResolveConfigDirectory(Func<string, string?> environment)
    {
        var explicitDir = environment("PLATTER_CONFIG_DIR");
        if (!string.IsNullOrEmpty(explicitDir))
        {
            return Path.GetFullPath(explicitDir);
        }

        var xdg = environment("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "platter");
        }

        var home = environment("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".config", "platter");
    }

    private static void ReadFlatYaml(string path, Dictionary<string, string> into)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CliException($"The config file {path} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message} Fix or remove the file.");
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map)
        {
            return;
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode k && value is YamlScalarNode v && k.Value is not null)
            {
                into[k.Value.Replace('-', '_')] = v.Value ?? "";
            }
        }
    }
}
