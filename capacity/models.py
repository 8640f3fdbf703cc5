"""The shared residence: places, applications, stays, occupancy and the cost split."""
