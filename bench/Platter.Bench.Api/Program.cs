using System.Diagnostics;
using System.Globalization;
using Platter.Api;
using Platter.Testing;

// Pages through a synthetic collection on the local fake Discogs with Discogs' real limits
// (60 requests a minute, a 60-second window) and reports what the rate limit makes matter:
// requests made against the minimum possible, and the wall time.
var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
await using var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions());
fake.AddCollection("bench", items);
var options = new DiscogsClientOptions
{
    BaseAddress = fake.BaseAddress,
    UserAgent = "PlatterBench/0.1 +https://github.com/platter",
    Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken("bench")),
};
using var client = new DiscogsClient(options);

var clock = Stopwatch.StartNew();
var seen = new HashSet<int>();
await foreach (var item in client.Collection.GetItemsAsync("bench", 0, CancellationToken.None))
{
    seen.Add(item.InstanceId);
}

clock.Stop();
var minimum = (items + options.PageSize - 1) / options.PageSize;
Console.WriteLine($"collection items:       {items:N0} (distinct received: {seen.Count:N0})");
Console.WriteLine($"requests made:          {fake.RequestCount} (client counted {client.RequestsSent})");
Console.WriteLine($"minimum possible:       {Math.Max(1, minimum)} (per_page={options.PageSize})");
Console.WriteLine($"429 answers:            {fake.TooManyRequestsCount}");
Console.WriteLine($"rate limit:             {client.RateLimit} per {options.RateLimitWindow.TotalSeconds:0} s");
Console.WriteLine($"wall time:              {clock.Elapsed.TotalSeconds:0.000} s");
return seen.Count == items && fake.TooManyRequestsCount == 0 ? 0 : 1;
