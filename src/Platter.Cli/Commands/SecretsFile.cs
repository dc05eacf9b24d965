using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Platter.Cli.Commands;

/// <summary>
/// <c>secrets.yaml</c> in the config folder: the stored Discogs credentials. The file is created
/// readable by its owner only (0600, set at creation so it is never briefly open to others), in a
/// folder created as 0700. Its values are never printed.
/// </summary>
internal sealed class SecretsFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    public SecretsFile(PlatterSettings settings) => Path = System.IO.Path.Combine(settings.ConfigDirectory, "secrets.yaml");

    public string Path { get; }

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
            throw new CliException($"The secrets file {Path} is not valid YAML (line {e.Start.Line}). Remove it with `platter auth logout` and sign in again.", e, ExitCodes.Auth);
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
            writer.WriteLine("# Platter's Discogs credentials. Keep this file private; `platter auth logout` removes it.");
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
