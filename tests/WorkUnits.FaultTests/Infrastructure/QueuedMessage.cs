using System.Text.Json.Nodes;

namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>A message copied from a queue through the management API, as it would be published again.</summary>
/// <param name="Payload">The body, as text or base64 as <paramref name="Encoding"/> says.</param>
/// <param name="Encoding"><c>string</c> or <c>base64</c>.</param>
/// <param name="Properties">The AMQP properties, headers included, in the management API's form.</param>
internal sealed record QueuedMessage(string Payload, string Encoding, JsonNode Properties);
