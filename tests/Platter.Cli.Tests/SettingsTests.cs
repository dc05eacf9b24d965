using Platter.Cli;
using Platter.Testing;

namespace Platter.Cli.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SettingsTests : TempFolderTest
{
    private string ConfigFile(string yaml, UnixFileMode mode)
    {
        var path = Dir.WriteText("config.yaml", yaml);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private Func<string, string?> Env(Dictionary<string, string>? more = null) =>
        name => name == "PLATTER_CONFIG_DIR" ? Dir.Path : more?.GetValueOrDefault(name);

    [Fact]
    public void An_option_beats_the_environment_which_beats_the_config_file()
    {
        ConfigFile("api_url: https://mirror.example/api\ndb: from-file.db\nsource: https://file.example/\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var settings = PlatterSettings.Load(Env(new() { ["PLATTER_DB"] = "from-env.db", ["PLATTER_SOURCE"] = "https://env.example/" }));

        Assert.Equal("from-option.db", settings.Get("db", "from-option.db", "platter.db"));
        Assert.Equal("from-env.db", settings.Get("db", null, "platter.db"));
        Assert.Equal("https://mirror.example/api", settings.Get("api_url", null, "https://api.discogs.com"));
        Assert.Equal("https://api.discogs.com/default", settings.Get("user_agent_url", null, "https://api.discogs.com/default"));
    }

    [Fact]
    public void A_consumer_secret_in_a_config_file_others_can_read_is_refused_with_the_fix()
    {
        var path = ConfigFile("consumer_key: abc\nconsumer_secret: s3cr3t-value\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = Assert.Throws<CliException>(() => PlatterSettings.Load(Env()));

        Assert.Equal($"The config file {path} holds consumer_secret but other users can read it. Run: chmod 600 {path} (or move the secret to a PLATTER_* environment variable).", e.Message);
        Assert.DoesNotContain("s3cr3t-value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_secret_in_an_owner_only_config_file_is_used()
    {
        ConfigFile("consumer_key: abc\nconsumer_secret: s3cr3t-value\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal("s3cr3t-value", PlatterSettings.Load(Env()).Find("consumer_secret", null));
    }
}
