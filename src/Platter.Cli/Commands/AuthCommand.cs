using System.CommandLine;
using Platter.Api;

namespace Platter.Cli.Commands;

/// <summary><c>platter auth login|token|status|logout</c>: signing in to Discogs and the stored credentials.</summary>
internal static class AuthCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new DiscogsConnectionOptions(context);
        var auth = new Command("auth", "Sign in to Discogs (OAuth or a personal token), show or remove the stored sign-in.");
        connection.AddTo(auth);
        auth.Subcommands.Add(Login(context, connection));
        auth.Subcommands.Add(Token(context, connection));
        auth.Subcommands.Add(Status(context, connection));
        auth.Subcommands.Add(Logout(context, connection));
        return auth;
    }

    private static Command Login(CliContext context, DiscogsConnectionOptions connection)
    {
        var signature = new Option<string>("--signature") { Description = "OAuth signature method", DefaultValueFactory = _ => "plaintext" };
        signature.AcceptOnlyFromAmong("plaintext", "hmac-sha1");
        var callback = new Option<string>("--callback") { Description = "Where Discogs sends the browser after approval; `oob` shows the verifier instead", DefaultValueFactory = _ => "oob" };
        var login = new Command("login", "Sign in with OAuth: open the printed address, approve Platter, paste the verifier.") { signature, callback };
        login.SetAction((parse, cancellationToken) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var consumer = connection.Consumer(parse) ?? throw new CliException(
                "Signing in needs your application's consumer key and secret. Register an application at https://www.discogs.com/settings/developers, then give them with " +
                "--consumer-key and --consumer-secret, PLATTER_CONSUMER_KEY and PLATTER_CONSUMER_SECRET, or consumer_key and consumer_secret in " +
                context.Settings.ConfigFile + ". Or store a personal token instead: `platter auth token TOKEN`.");
            var method = parse.GetValue(signature) == "hmac-sha1" ? OAuthSignatureMethod.HmacSha1 : OAuthSignatureMethod.Plaintext;
            var signer = new OAuthSigner(consumer.Key, consumer.Secret, method);
            using var client = connection.Client(parse, DiscogsCredentials.None);

            var requestToken = await client.OAuth.GetRequestTokenAsync(signer, parse.GetValue(callback)!, cancellationToken);
            await context.Out.WriteLineAsync("Open this address in a browser, sign in to Discogs and approve Platter:");
            await context.Out.WriteLineAsync("  " + client.OAuth.AuthorizeUrl(requestToken));
            await context.Out.WriteAsync("Then paste the verifier Discogs shows (or the address it sent you to): ");
            await context.Out.FlushAsync(cancellationToken);
            var verifier = VerifierFrom(await context.In.ReadLineAsync(cancellationToken))
                ?? throw new CliException("No verifier entered; nothing was stored. Run `platter auth login` again.", ExitCodes.Auth);

            var access = await client.OAuth.GetAccessTokenAsync(signer, requestToken, verifier, cancellationToken);
            var credentials = new OAuthCredentials(signer, access.Token, access.Secret);
            using var signedIn = connection.Client(parse, credentials);
            var identity = await signedIn.OAuth.GetIdentityAsync(cancellationToken);
            connection.Secrets.SaveOAuth(identity.Username, access, consumer.Key, consumer.Secret, method);
            await context.Out.WriteLineAsync();
            await context.Out.WriteLineAsync($"Signed in as {identity.Username} ({credentials.Kind}). Credentials stored in {connection.Secrets.Path}.");
            return ExitCodes.Ok;
        }));
        return login;
    }

    private static Command Token(CliContext context, DiscogsConnectionOptions connection)
    {
        var tokenArgument = new Argument<string>("TOKEN") { Description = "A personal access token from https://www.discogs.com/settings/developers; `-` reads it from standard input (keeps it out of the shell history)" };
        var token = new Command("token", "Sign in with a personal access token (checked with Discogs, then stored).") { tokenArgument };
        token.SetAction((parse, cancellationToken) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var value = parse.GetValue(tokenArgument)?.Trim();
            if (value == "-")
            {
                value = (await context.In.ReadLineAsync(cancellationToken))?.Trim();
            }

            if (string.IsNullOrEmpty(value))
            {
                throw new CliException("The token is empty. Copy it from https://www.discogs.com/settings/developers (\"Generate token\").");
            }

            var credentials = new PersonalTokenCredentials(value);
            using var client = connection.Client(parse, credentials);
            var identity = await client.OAuth.GetIdentityAsync(cancellationToken);
            connection.Secrets.SavePersonalToken(identity.Username, value);
            await context.Out.WriteLineAsync($"Signed in as {identity.Username} ({credentials.Kind}). Credentials stored in {connection.Secrets.Path}.");
            return ExitCodes.Ok;
        }));
        return token;
    }

    private static Command Status(CliContext context, DiscogsConnectionOptions connection)
    {
        var status = new Command("status", "Show who the stored sign-in belongs to, checking it with Discogs.");
        status.SetAction((parse, cancellationToken) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var credentials = connection.Stored(parse)
                ?? throw new CliException("Not signed in. Sign in with `platter auth login` or `platter auth token TOKEN`.", ExitCodes.Auth);
            using var client = connection.Client(parse, credentials);
            var identity = await client.OAuth.GetIdentityAsync(cancellationToken);
            await context.Out.WriteLineAsync($"Signed in as {identity.Username} ({credentials.Kind}) at {connection.BaseAddress(parse)}.");
            return ExitCodes.Ok;
        }));
        return status;
    }

    private static Command Logout(CliContext context, DiscogsConnectionOptions connection)
    {
        var logout = new Command("logout", "Remove the stored credentials.");
        logout.SetAction(async (parse, cancellationToken) =>
        {
            var secrets = connection.Secrets;
            await context.Out.WriteLineAsync(secrets.Delete()
                ? $"Signed out: removed {secrets.Path}. To revoke Platter's access too, remove it under https://www.discogs.com/settings/applications."
                : "Not signed in; nothing to remove.");
            return ExitCodes.Ok;
        });
        return logout;
    }

    // Accepts the bare verifier or the whole callback address Discogs redirected to.
    private static string? VerifierFrom(string? line)
    {
        var text = line?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var at = text.IndexOf("oauth_verifier=", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var value = text[(at + "oauth_verifier=".Length)..];
        var end = value.IndexOf('&', StringComparison.Ordinal);
        return Uri.UnescapeDataString(end < 0 ? value : value[..end]);
    }
}
