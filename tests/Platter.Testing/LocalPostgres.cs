using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Platter.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) in a throw-away cluster: <c>initdb</c>
/// in a temporary folder, run as the unprivileged <c>postgres</c> user when the tests run as root,
/// listening on 127.0.0.1 on a free port with password (SCRAM) authentication for the superuser
/// <c>platter</c>. <see cref="Shared"/> starts one for the whole test run and stops it at the end.
/// A missing server fails the tests that need it; it is never skipped.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    private static readonly Lazy<LocalPostgres> _shared = new(() =>
    {
        var server = Start(fast: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgres;
    private bool _stopped;

    private LocalPostgres(string bin, string root, bool asPostgres, int port, string password)
    {
        _bin = bin;
        _root = root;
        _asPostgres = asPostgres;
        Port = port;
        Password = password;
    }

    /// <summary>The server the test run shares (started on first use).</summary>
    public static LocalPostgres Shared => _shared.Value;

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The superuser's name.</summary>
    public static string User => "platter";

    /// <summary>The superuser's password (random per server).</summary>
    public string Password { get; }

    /// <summary>The cluster's folder.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = Password,
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>
    /// Starts a server. With <paramref name="fast"/> it skips fsync (the cluster is thrown away; tests
    /// only); without, it runs with PostgreSQL's defaults, as the benchmark needs.
    /// </summary>
    public static LocalPostgres Start(bool fast)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/test.sh, which installs Debian's postgresql package.");
        }

        var asPostgres = Environment.UserName == "root";
        var root = Fixtures.NewTempDir("platter-pg");
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        File.WriteAllText(Path.Combine(root, "pw"), password + "\n");
        if (asPostgres)
        {
            Run("chown", ["-R", "postgres:postgres", root]);
        }

        new LocalPostgres(bin, root, asPostgres, 0, password).Pg("initdb", "-D", Path.Combine(root, "data"), "-U", "platter", "--pwfile=" + Path.Combine(root, "pw"), "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(Path.Combine(root, "pw"));

        // Test runs of several assemblies start their servers at once: a free port found here may be
        // taken by another before this server binds it, so a failed start tries another port.
        for (var attempt = 1; ; attempt++)
        {
            var server = new LocalPostgres(bin, root, asPostgres, FreePort(), password);
            var options = string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {server.Port} -c unix_socket_directories={root} -c max_connections=60");
            if (fast)
            {
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            try
            {
                server.Pg("pg_ctl", "-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start");
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another port.
            }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    /// <summary>Drops a database, closing its connections first.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs SQL as the superuser in the <c>postgres</c> database (roles, databases).</summary>
    public void Admin(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString("postgres"));
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            Pg("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp clean-up.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private void Pg(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgres)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 2 minutes");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
