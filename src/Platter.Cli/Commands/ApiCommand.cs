using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platter.Api;

namespace Platter.Cli.Commands;

/// <summary><c>platter api get PATH</c>: any Discogs GET, signed and rate-limited, printed as JSON.</summary>
internal static class ApiCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new DiscogsConnectionOptions(context);
        var api = new Command("api", "Call the Discogs API directly (for exploring and debugging).");
        connection.AddTo(api);
        var path = new Argument<string>("PATH") { Description = "An API path with an optional query, e.g. /releases/1 or /artists/1/releases?page=2" };
        var get = new Command("get", "GET a path with the stored sign-in (or the configured consumer key, or none) and print the JSON.") { path };
        get.SetAction((parse, cancellationToken) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var target = parse.GetValue(path)!.Trim();
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            {
                // Only follow full URLs on the configured API host, so credentials never go elsewhere.
                var api = connection.BaseAddress(parse);
                if (!string.Equals(absolute.Authority, api.Authority, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CliException($"{absolute.GetLeftPart(UriPartial.Authority)} is not the Discogs API ({api.GetLeftPart(UriPartial.Authority)}). Give a path such as /releases/1.");
                }

                target = absolute.PathAndQuery;
            }

            var credentials = connection.Stored(parse)
                ?? (connection.Consumer(parse) is { } consumer ? new ConsumerKeyCredentials(consumer.Key, consumer.Secret) : DiscogsCredentials.None);
            using var client = connection.Client(parse, credentials);
            var body = await client.GetRawAsync(target, cancellationToken);
            await context.Out.WriteLineAsync(Indented(body));
            return ExitCodes.Ok;
        }));
        api.Subcommands.Add(get);
        return api;
    }

    private static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, _indentedOptions);
    }

    // Readable output: indented, and names such as "Östermalm" left as they are.
    private static readonly JsonSerializerOptions _indentedOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
